package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.ReadmeSnippets;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command-line examples of the README and docs/, read from the pages and run in process through {@link Main}
 * against a simulator on loopback: what a page shows is what runs. The test adds only where Venice is (the
 * simulator's URL, a key file and its test roots, for the commands that go online) and names the values a page leaves
 * to the reader (a completion id, a nonce, a directory); each command must exit 0 and print what it promises.
 */
class DocCommandsTest {
    private static final String CAPTURE = "venice/capture-2026-04-24/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ONLINE = List.of("chat", "models", "verify-signature");

    private static VeniceSimulator sim;
    private static String base;
    private static List<Path> anchors;
    private static String keyFile;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).build();
        base = sim.start().toString();
        anchors = sim.exportTrustAnchors(dir);
        Path key = dir.resolve("api-key");
        Files.writeString(key, "test-key\n");
        keyFile = key.toString();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void clientQuickStart() throws Exception {
        List<DocShell.Command> commands = DocShell.parse(ReadmeSnippets.block(ReadmeSnippets.page("docs/client.md"),
                "## Quick start", "sh", 0), Map.of("chatcmpl-...", completionId("e2ee-glm-5")));
        assertThat(commands).extracting(DocShell.Command::name).containsExactly("chat", "export", "chat", "chat",
                "models", "attest", "verify-signature");
        assertThat(commands.get(1).kind()).as("the reader's key: the test gives its own with --api-key-file")
                .isEqualTo(DocShell.Kind.ENVIRONMENT);
        embeddedChat(commands.get(0));
        expect(commands.get(2), out -> assertThat(out).isEqualTo("Echo: What is 2+2? (3 words)\n"),
                err -> assertThat(err).contains("tdx.debug", "attestation passed policy full", "signature: PASSED"));
        expect(commands.get(3), out -> assertThat(out).as("stdin is the prompt exactly, echo's newline included")
                .isEqualTo("Echo: a long prompt\n (3 words)\n"), err -> { });
        expect(commands.get(4), out -> assertThat(out).containsPattern("e2ee-glm-5\\s+yes\\s+yes"), err -> { });
        expect(commands.get(5), out -> assertThat(out).contains("✓ tdx.reportdata.nonce", "✓ nvidia.nonce"),
                err -> { });
        expect(commands.get(6), out -> assertThat(out).contains("signature.address PASSED"), err -> { });
    }

    @Test
    void readmeTheTwoCommands() throws Exception {
        List<DocShell.Command> commands = DocShell.parse(ReadmeSnippets.block("## The two commands", "bash"), Map.of());
        assertThat(commands).extracting(DocShell.Command::text).containsExactly("./venice-e2ee chat What is 2+2?",
                "./run-tests.sh");
        embeddedChat(commands.get(0));
        // ./run-tests.sh is the whole build, this test included: it runs as CI's command, not from inside a test
        assertThat(commands.get(1).kind()).isEqualTo(DocShell.Kind.OTHER);
    }

    @Test
    void readmeTheCommandLine(@TempDir Path dir) throws Exception {
        Map<String, String> given = new LinkedHashMap<>(capture());
        given.put("chatcmpl-...", completionId("e2ee-glm-5"));
        given.put("8080", "0");                              // any free port: the test cannot own 8080
        given.put("127.0.0.1:8788", "127.0.0.1:0");          // nor 8788
        given.put("./roots", dir.resolve("roots").toString());
        given.put("envelope.txt", dir.resolve("envelope.txt").toString());
        given.put("./audit", dir.resolve("audit").toString());
        given.put("https://pccs.example:8081", sim.pcsBaseUrl().toString());   // "other services": the simulator's
        given.put("https://nras.example", sim.nrasBaseUrl().toString());
        List<DocShell.Command> commands = DocShell.parse(ReadmeSnippets.block("## The command line", "bash"), given);
        assertThat(commands).extracting(DocShell.Command::name).containsExactly("chat", "chat", "chat", "models",
                "attest", "attest", "verify-signature", "chat", "audit", "chat", "simulator", "proxy", "providers",
                "keygen", "encrypt", "decrypt");
        expect(commands.get(0), out -> assertThat(out).isEqualTo("Echo: Explain TDX in one line (5 words)\n"),
                err -> assertThat(err).contains("signature: PASSED"));
        expect(commands.get(1), out -> assertThat(out).as("stdin is the prompt exactly, echo's newline included")
                .isEqualTo("Echo: a long prompt\n (3 words)\n"), err -> { });
        expect(commands.get(2), out -> {
            JsonNode n = read(out);
            assertThat(n.get("content").asText()).isEqualTo("Echo: What is 2+2? (3 words)");
            assertThat(n.get("id").asText()).startsWith("chatcmpl-");
            assertThat(n.at("/usage/total_tokens").asLong()).isPositive();
            assertThat(n.at("/attestation/passed").asBoolean()).isTrue();
        }, err -> { });
        expect(commands.get(3), out -> assertThat(out).contains("e2ee-qwen3-5-122b-a10b"), err -> { });
        expect(commands.get(4), out -> assertThat(out).contains("✓ tdx.quote.signature"), err -> { });
        expect(commands.get(5), out -> assertThat(out).contains("✓ tdx.tcb.status", "✓ nvidia.nras.jwt"), err -> { });
        expect(commands.get(6), out -> assertThat(out).contains("signature.address PASSED"), err -> { });
        expect(commands.get(7), out -> assertThat(out).isEqualTo("Echo: hi (1 word)\n"), err -> { });
        assertThat(dir.resolve("audit")).isNotEmptyDirectory();
        expect(commands.get(8), out -> assertThat(out).contains("✓ manifest: every file as written", "✓ tdx.tcb.status")
                .doesNotContain("✗"), err -> { });
        CliRun otherServices = CliRun.run("", commands.get(9).argsWith("--base-url", base, "--api-key-file", keyFile,
                "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
                "--trust-anchor", anchors.get(2).toString()));
        assertThat(otherServices.exitCode()).as(otherServices.err()).isZero();
        assertThat(otherServices.err()).contains("attestation passed policy full", sim.pcsBaseUrl() + "/tdx/");
        servesUntilInterrupted(commands.get(10), dir.resolve("roots"));
        proxyServesUntilInterrupted(commands.get(11));
        expect(commands.get(12), out -> assertThat(out).contains("secp256k1 key agreement", "native", "bc", "jca"),
                err -> { });
        CliRun keygen = expect(commands.get(13), out -> assertThat(read(out).get("publicKey").asText()).startsWith("04"),
                err -> { });
        JsonNode keys = read(keygen.out());
        given.put("04ab...", keys.get("publicKey").asText());
        // decrypt reads its private key from a file, never from the command line
        Path privateKeyFile = dir.resolve("key.txt");
        Files.writeString(privateKeyFile, keys.get("privateKey").asText() + "\n");
        given.put("key.txt", privateKeyFile.toString());
        List<DocShell.Command> withKeys = DocShell.parse(ReadmeSnippets.block("## The command line", "bash"), given);
        CliRun encrypted = expect(withKeys.get(14), out -> assertThat(out.strip()).matches("04[0-9a-f]{180,}"),
                err -> { });
        Files.writeString(Path.of(withKeys.get(15).stdinFile()), encrypted.out());
        expect(withKeys.get(15), out -> assertThat(out).isEqualTo("hello"), err -> { });
    }

    @Test
    void attestationRecordedExample() throws Exception {
        List<DocShell.Command> commands = DocShell.parse(ReadmeSnippets.block(ReadmeSnippets.page("docs/attestation.md"),
                "## CLI", "", 1), Map.of("capture/", TestVectors.file(CAPTURE + "manifest.json").getParent() + "/"));
        assertThat(commands).extracting(DocShell.Command::name).containsExactly("attest");
        assertThat(commands.get(0).args()).contains("ac82eb750ec4cfbb273f90d33567776bfae8657e2a43f6dff2f3adad9b86095a")
                .as("the nonce the capture was made with")
                .contains(TestVectors.json(CAPTURE + "manifest.json").get("nonce_hex").asText());
        expect(commands.get(0), out -> assertThat(out).contains("✓ tdx.tcb.status", "✓ nvidia.nras.jwt")
                .doesNotContain("✗"), err -> { });
    }

    @Test
    void attestationSynopsisNamesOnlyOptionsOfAttest() {
        synopsisNamesOnlyOptionsOf(ReadmeSnippets.block(ReadmeSnippets.page("docs/attestation.md"), "## CLI", "", 0),
                "attest");
    }

    @Test
    void loadSynopsisNamesOnlyOptionsOfLoadtest() {
        synopsisNamesOnlyOptionsOf(ReadmeSnippets.block(ReadmeSnippets.page("docs/load.md"), "## Run it", "bash", 0),
                "loadtest");
    }

    @Test
    void simulatorSynopsisNamesOnlyOptionsOfSimulator() {
        synopsisNamesOnlyOptionsOf(ReadmeSnippets.block(ReadmeSnippets.page("docs/simulator.md"),
                "## Run it from the command line", "", 0), "simulator");
    }

    @Test
    void simulatorCheckItsEvidence(@TempDir Path dir) throws Exception {
        String nonce = "11".repeat(32);
        Path roots = dir.resolve("roots");
        String printedBase = servesUntilInterrupted(new DocShell.Command("venice-e2ee simulator", DocShell.Kind.VENICE_E2EE,
                List.of("simulator", "--export-trust-anchors", roots.toString()), null, null, null),
                roots, () -> {
                    Map<String, String> given = Map.of("$BASE", currentBase, "$NONCE", nonce, "DIR/", roots + "/",
                            "evidence.json", dir.resolve("evidence.json").toString());
                    List<DocShell.Command> commands = DocShell.parse(ReadmeSnippets.block(
                            ReadmeSnippets.page("docs/simulator.md"), "## Run it from the command line", "", 2), given);
                    assertThat(commands).extracting(DocShell.Command::kind)
                            .containsExactly(DocShell.Kind.CURL, DocShell.Kind.VENICE_E2EE);
                    curl(commands.get(0));
                    expect(commands.get(1), out -> assertThat(out).contains("✓ tdx.reportdata.nonce", "✓ tdx.pck.chain",
                            "✓ nvidia.cert.chain").doesNotContain("✗"), err -> { });
                });
        assertThat(printedBase).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
    }

    @Test
    void simulatorEverythingForLevelFull(@TempDir Path dir) throws Exception {
        Path roots = dir.resolve("roots");
        List<String> block = ReadmeSnippets.block(ReadmeSnippets.page("docs/simulator.md"),
                "## Run it from the command line", "", 1);
        List<DocShell.Command> serve = DocShell.parse(block, Map.of("8080", "0", "roots", roots.toString()));
        assertThat(serve).extracting(DocShell.Command::kind)
                .containsExactly(DocShell.Kind.VENICE_E2EE, DocShell.Kind.VENICE_E2EE, DocShell.Kind.CURL);
        servesUntilInterrupted(serve.get(0), roots, () -> {
            String root = currentBase.substring(0, currentBase.length() - "/api/v1".length());
            List<DocShell.Command> commands = DocShell.parse(block, Map.of("http://127.0.0.1:8080/", root + "/",
                    "roots/", roots + "/", "requests.json", dir.resolve("requests.json").toString()));
            CliRun chat = CliRun.run("", commands.get(1).argsWith("--api-key-file", keyFile));
            assertThat(chat.exitCode()).as(chat.err()).isZero();
            assertThat(chat.out()).isEqualTo("Echo: hi (1 word)\n");
            assertThat(chat.err()).contains("attestation passed policy full", root + "/pcs/", root + "/nras/");
            curl(commands.get(2));
            assertThat(Files.readString(dir.resolve("requests.json"))).contains("/pcs/tdx/certification/v4/tcb",
                    "/nras/v3/attest/gpu", "/api/v1/tee/attestation");
        });
    }

    // ---- running what a page says ------------------------------------------------------------------------------

    private static String currentBase;

    /** Runs {@code command} (online ones against the simulator) and checks its exit code and output. */
    private static CliRun expect(DocShell.Command command, Consumer<String> out, Consumer<String> err) throws Exception {
        assertThat(command.kind()).as(command.text()).isEqualTo(DocShell.Kind.VENICE_E2EE);
        String[] args = online(command) ? command.argsWith(whereVeniceIs("--api-key-file", keyFile))
                : command.argsWith();
        byte[] stdin = command.stdinFile() != null ? Files.readAllBytes(Path.of(command.stdinFile()))
                : (command.stdin() == null ? "" : command.stdin()).getBytes(StandardCharsets.UTF_8);
        CliRun r = CliRun.run(stdin, args);
        assertThat(r.exitCode()).as(command.text() + "\n" + r.err()).isZero();
        out.accept(r.out());
        err.accept(r.err());
        if (command.stdoutFile() != null) {
            Files.writeString(Path.of(command.stdoutFile()), r.out());
        }
        return r;
    }

    private static boolean online(DocShell.Command command) {
        return ONLINE.contains(command.name()) || command.name().equals("attest") && command.args().contains("--model");
    }

    /** {@code chat} with neither a key nor a base URL: the embedded simulator, trusted by name on stderr. */
    private static void embeddedChat(DocShell.Command command) {
        assumeTrue(System.getenv(VeniceOptions.API_KEY_ENV) == null, "API_KEY_VENICE is set: chat would talk to Venice");
        assertThat(command.args()).doesNotContain("--base-url");
        CliRun r = CliRun.run("", command.argsWith());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: What is 2+2? (3 words)\n");
        assertThat(r.err()).contains("embedded Venice simulator", "attestation passed policy full");
    }

    /**
     * {@code first} followed by where Venice is: the simulator's base URL, its collateral and NRAS services (policy
     * full, the default, fetches from them) and its test roots.
     */
    private static String[] whereVeniceIs(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of("--base-url", base, "--pccs", sim.pcsBaseUrl().toString(), "--nras-url",
                sim.nrasBaseUrl().toString()));
        anchors.forEach(a -> all.addAll(List.of("--trust-anchor", a.toString())));
        return all.toArray(String[]::new);
    }

    /** The id of a fresh E2EE chat with {@code model}, for the examples that verify a signature by id. */
    private static String completionId(String model) throws Exception {
        CliRun r = CliRun.run("", whereVeniceIs("chat", "--api-key-file", keyFile, "--model", model, "--json", "hi"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return read(r.out()).get("id").asText();
    }

    /** The recorded attestation's files under the names the README gives them, and its nonce for {@code HEX}. */
    private static Map<String, String> capture() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("att.json", TestVectors.file(CAPTURE + "0001_api.venice.ai_api_v1_tee_attestation.body").toString());
        m.put("HEX", TestVectors.json(CAPTURE + "manifest.json").get("nonce_hex").asText());
        m.put("collateral.json", TestVectors.file(CAPTURE + "collateral.json").toString());
        m.put("nras.json", TestVectors.file(CAPTURE + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body").toString());
        m.put("jwks.json", TestVectors.file(CAPTURE + "0007_nras.attestation.nvidia.com_.well-known_jwks.json.body")
                .toString());
        return m;
    }

    /** Runs the page's proxy command in front of the test's simulator until interrupted; it must print its URL. */
    private static void proxyServesUntilInterrupted(DocShell.Command command) throws Exception {
        assertThat(command.kind()).as(command.text()).isEqualTo(DocShell.Kind.VENICE_E2EE);
        PipedInputStream pipe = new PipedInputStream();
        PrintWriter out = new PrintWriter(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(new PrintWriter(new StringWriter(), true));
        ExecutorService runner = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> exit = runner.submit(() -> cl.execute(command.argsWith("--base-url", base,
                    "--api-key-file", keyFile, "--trust-anchor", anchors.get(0).toString(), "--trust-anchor",
                    anchors.get(1).toString(), "--trust-anchor", anchors.get(2).toString(), "--pccs",
                    sim.pcsBaseUrl().toString(), "--nras-url", sim.nrasBaseUrl().toString())));
            String firstLine = runner.submit(() -> new BufferedReader(new InputStreamReader(pipe,
                    StandardCharsets.UTF_8)).readLine()).get(60, TimeUnit.SECONDS);
            assertThat(firstLine).as(command.text()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
            assertThat(exit.isDone()).isFalse();
            runner.shutdownNow();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            runner.shutdownNow();
            runner.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static String servesUntilInterrupted(DocShell.Command command, Path roots) throws Exception {
        return servesUntilInterrupted(command, roots, () -> { });
    }

    /**
     * Runs a serving command ({@code simulator}) until {@code whileServing} is done: its first line is the base URL,
     * the test roots are written to {@code roots}, then an interrupt ends it with exit code 0.
     */
    private static String servesUntilInterrupted(DocShell.Command command, Path roots, ThrowingRunnable whileServing)
            throws Exception {
        PipedInputStream pipe = new PipedInputStream();
        PrintWriter out = new PrintWriter(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(new PrintWriter(new StringWriter(), true));
        ExecutorService runner = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> exit = runner.submit(() -> cl.execute(command.argsWith()));
            String firstLine = runner.submit(() -> new BufferedReader(new InputStreamReader(pipe,
                    StandardCharsets.UTF_8)).readLine()).get(60, TimeUnit.SECONDS);
            assertThat(firstLine).as(command.text()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
            assertThat(Files.readString(roots.resolve("tdx-test-root.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(Files.readString(roots.resolve("nvidia-test-root.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            currentBase = firstLine;
            whileServing.run();
            assertThat(exit.isDone()).isFalse();
            runner.shutdownNow();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            return firstLine;
        } finally {
            runner.shutdownNow();
            runner.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** {@code curl -s -H 'Name: value' "URL" > file}, done with the JDK's HTTP client. */
    private static void curl(DocShell.Command command) throws Exception {
        HttpRequest.Builder request = null;
        List<String[]> headers = new ArrayList<>();
        List<String> args = command.args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-s")) {
                continue;
            }
            if (a.equals("-H")) {
                String h = args.get(++i);
                headers.add(new String[] {h.substring(0, h.indexOf(':')), h.substring(h.indexOf(':') + 1).strip()});
            } else if (request == null && a.startsWith("http")) {
                request = HttpRequest.newBuilder(URI.create(a));
            } else {
                throw new AssertionError("the examples' curl takes -s, -H and one URL: " + command.text());
            }
        }
        assertThat(request).as(command.text()).isNotNull();
        for (String[] h : headers) {
            request.header(h[0], h[1]);
        }
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(command.text()).isEqualTo(200);
        assertThat(command.stdoutFile()).as("the example saves the answer").isNotNull();
        Files.write(Path.of(command.stdoutFile()), answer.body());
    }

    /** Every {@code --option} a synopsis names is an option of {@code subcommand} ({@code --x-rtmr0..3}: rtmr0 to 3). */
    private static void synopsisNamesOnlyOptionsOf(List<String> synopsis, String subcommand) {
        CommandLine.Model.CommandSpec spec = new CommandLine(new Main()).getSubcommands().get(subcommand)
                .getCommandSpec();
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("--[a-z0-9-]+(\\.\\.\\d)?").matcher(String.join("\n", synopsis));
        while (m.find()) {
            String option = m.group();
            if (option.contains("..")) {
                String stem = option.substring(0, option.indexOf("..") - 1);
                int from = option.charAt(option.indexOf("..") - 1) - '0';
                int to = option.charAt(option.length() - 1) - '0';
                for (int i = from; i <= to; i++) {
                    named.add(stem + i);
                }
            } else {
                named.add(option);
            }
        }
        assertThat(String.join(" ", synopsis)).as("the synopsis is of " + subcommand)
                .contains("venice-e2ee " + subcommand);
        assertThat(named).isNotEmpty();
        for (String option : named) {
            assertThat(spec.findOption(option)).as(option + " is an option of " + subcommand).isNotNull();
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Work done while a command serves. */
    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
