package io.venice.e2ee.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Venice's published Python and JavaScript E2EE examples, unchanged but for their base URL, complete their round
 * trip against the simulator. The tools come from {@code src/test/reference/install.sh}; when they are missing the
 * test fails under {@code CI=true} and is skipped (with the reason) elsewhere.
 */
class ReferenceClientsTest {
    static final Path REFERENCE = Path.of("src", "test", "reference");
    static final String ANSWER = "Echo: What is 2+2? Answer briefly. (5 words)";
    static final String DONE_LINE = "Response decrypted end-to-end";
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static VeniceSimulator sim;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().apiKey("reference-client-key").build();
        sim.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getProperty("CI"));
    }

    static void requireTool(boolean present, String what) {
        String message = what + " is missing: run venice-e2ee-simulator/src/test/reference/install.sh";
        if (ci()) {
            assertThat(present).as(message).isTrue();
        } else {
            Assumptions.assumeTrue(present, message);
        }
    }

    static Path jsModules() {
        String configured = System.getenv("VENICE_REFERENCE_JS_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "venice-e2ee", "reference-js");
        return dir.resolve("node_modules");
    }

    @Test
    void pythonReferenceClientCompletesItsRoundTrip() throws Exception {
        requireTool(Files.isExecutable(PYTHON)
                && run(List.of(PYTHON.toString(), "-c", "import cryptography, ecdsa, requests"), Path.of("."), 60).exit == 0,
                "Debian python3 with python3-cryptography, python3-ecdsa and python3-requests");
        Result r = run(List.of(PYTHON.toString(), REFERENCE.resolve("e2ee_example.py").toAbsolutePath().toString()),
                Path.of("target"), 120);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("TEE attestation verified (provider: near-ai)", ANSWER, DONE_LINE);
    }

    @Test
    void javascriptReferenceClientCompletesItsRoundTrip() throws Exception {
        Path modules = jsModules();
        requireTool(run(List.of("node", "--version"), Path.of("."), 60).exit == 0
                && Files.isDirectory(modules.resolve("elliptic")) && Files.isDirectory(modules.resolve("@noble/ciphers"))
                && Files.isDirectory(modules.resolve("@noble/hashes")),
                "node with elliptic, @noble/ciphers and @noble/hashes in " + modules);
        Path work = Path.of("target", "reference-js");
        Files.createDirectories(work);
        Path link = work.resolve("node_modules");
        if (!Files.exists(link)) {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, modules.toAbsolutePath());
        }
        Files.copy(REFERENCE.resolve("e2ee_example.mjs"), work.resolve("e2ee_example.mjs"), StandardCopyOption.REPLACE_EXISTING);
        Result r = run(List.of("node", "e2ee_example.mjs"), work, 120);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("TEE attestation verified", ANSWER, DONE_LINE).doesNotContain("Error");
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target")).toAbsolutePath(), "reference-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("API_KEY_VENICE", "reference-client-key");
        env.put("VENICE_BASE_URL", sim.baseUrl().toString());
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        Process p;
        try {
            p = pb.start();
        } catch (IOException notInstalled) {
            return new Result(-1, command.get(0) + " cannot be started: " + notInstalled.getMessage());
        }
        p.getOutputStream().close();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return finished ? new Result(p.exitValue(), out) : new Result(-1, "timed out after " + timeoutSeconds + " s: " + out);
    }
}
