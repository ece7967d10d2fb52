package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code openai} npm client, unchanged, against the proxy in front of the simulator: the model list
 * shows the {@code e2ee-*} models, a streamed and a non-streamed completion of one prompt give the same text, and
 * simulator faults reach the client as its {@code APIError}s with the status and message. The client comes from
 * {@code venice-e2ee-simulator/src/test/reference/install.sh} (which {@code run-tests.sh} runs); when it is missing the
 * test fails under {@code CI=true} and is skipped, with the reason, elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiNodeClientTest {
    private static final String MODEL = "e2ee-glm-5";
    private static final Path SCRIPT = Path.of("src", "test", "node", "openai_client.mjs");
    private ProxyHarness h;
    private Path work;

    @BeforeAll
    void start() throws IOException {
        Path modules = jsModules();
        requireTool(run(List.of("node", "--version"), Path.of("."), null).exit == 0
                && Files.isDirectory(modules.resolve("openai")), "node with the openai package in " + modules);
        work = Files.createDirectories(Path.of("target", "openai-js"));
        Path link = work.resolve("node_modules");
        if (!Files.exists(link)) {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, modules.toAbsolutePath());
        }
        Files.copy(SCRIPT, work.resolve(SCRIPT.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        h = new ProxyHarness(ProxyHarness.simulator().apiKey("npm-client-key").build(), b -> b.apiKey(null));
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @BeforeEach
    void noFaults() {
        h.sim.faults().clear();
    }

    static Path jsModules() {
        String configured = System.getenv("VENICE_REFERENCE_JS_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "venice-e2ee", "reference-js");
        return dir.resolve("node_modules");
    }

    private static void requireTool(boolean present, String what) {
        String message = what + " is missing: run venice-e2ee-simulator/src/test/reference/install.sh";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(present).as(message).isTrue();
        } else {
            Assumptions.assumeTrue(present, message);
        }
    }

    private JsonNode node(String... args) {
        List<String> cmd = new ArrayList<>(List.of("node", SCRIPT.getFileName().toString()));
        cmd.addAll(List.of(args));
        Result r = run(cmd, work, h);
        assertThat(r.exit).as(r.output).isZero();
        String last = r.output.strip().lines().reduce((a, b) -> b).orElse("");
        return ProxyHarness.json(last);
    }

    @Test
    void theModelListShowsTheE2eeModels() {
        JsonNode models = node("models").path("models");
        List<String> e2ee = new ArrayList<>();
        for (JsonNode m : models) {
            assertThat(m.path("object").asText()).isEqualTo("model");
            if (m.path("e2ee").asBoolean()) {
                e2ee.add(m.path("id").asText());
            }
        }
        assertThat(e2ee).containsExactly("e2ee-qwen3-5-122b-a10b", "e2ee-glm-5", "e2ee-glm-5-2-p");
    }

    @Test
    void aStreamedAndANonStreamedCompletionOfOnePromptGiveTheSameText() {
        String prompt = "What is two plus two? Answer briefly.";
        JsonNode r = node("chat", MODEL, prompt);
        String expected = "Echo: " + prompt + " (7 words)";
        assertThat(r.path("streamed").asText()).isEqualTo(expected);
        assertThat(r.path("whole").asText()).isEqualTo(expected);
        assertThat(r.path("chunks").asInt()).isGreaterThan(3);
        assertThat(r.path("ids")).hasSize(1);
        assertThat(r.path("ids").get(0).asText()).startsWith("chatcmpl-");
        assertThat(r.path("finish").asText()).isEqualTo("stop");
        assertThat(r.path("wholeObject").asText()).isEqualTo("chat.completion");
        assertThat(r.path("usage").path("total_tokens").asInt()).isPositive();
        assertThat(r.path("mode").asText()).isEqualTo("verified");
    }

    @Test
    void simulatorFaultsReachTheClientAsApiErrors() {
        node("chat", MODEL, "open a session");
        h.sim.faults().enable(Fault.SERVER_ERROR);
        for (String shape : new String[] {"stream", "whole"}) {
            JsonNode e = node("error", MODEL, shape).path("error");
            assertThat(e.path("apiError").asBoolean()).as(e.toString()).isTrue();
            assertThat(e.path("name").asText()).isEqualTo("InternalServerError");
            assertThat(e.path("status").asInt()).isEqualTo(500);
            assertThat(e.path("message").asText()).contains("Internal server error");
        }
        h.sim.faults().clear().enable(Fault.RATE_LIMIT);
        JsonNode limited = node("error", MODEL, "whole").path("error");
        assertThat(limited.path("name").asText()).isEqualTo("RateLimitError");
        assertThat(limited.path("status").asInt()).isEqualTo(429);

        h.sim.faults().clear().enable(Fault.CORRUPT_CHUNK);
        JsonNode midStream = node("error", MODEL, "stream").path("error");
        assertThat(midStream.path("apiError").asBoolean()).as(midStream.toString()).isTrue();
        assertThat(midStream.path("message").asText()).contains("does not decrypt");

        h.sim.faults().clear().enable(Fault.DEBUG_QUOTE);
        JsonNode refused = node("error", "e2ee-qwen3-5-122b-a10b", "whole").path("error");
        assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(502);
        assertThat(refused.path("message").asText()).contains("tdx.debug");
        assertThat(refused.path("type").asText()).isEqualTo(ErrorMapping.VERIFICATION_ERROR);
        assertThat(refused.path("code").asText()).isEqualTo("tdx.debug");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path dir, ProxyHarness h) {
        try {
            Path log = Files.createTempFile(Files.createDirectories(Path.of("target")).toAbsolutePath(), "openai-",
                    ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (h != null) {
                pb.environment().put("PROXY_URL", h.base.toString());
                pb.environment().put("PROXY_KEY", "npm-client-key");
            }
            pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
            Process p;
            try {
                p = pb.start();
            } catch (IOException notInstalled) {
                return new Result(-1, command.get(0) + " cannot be started: " + notInstalled.getMessage());
            }
            p.getOutputStream().close();
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return finished ? new Result(p.exitValue(), output) : new Result(-1, "timed out: " + output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
