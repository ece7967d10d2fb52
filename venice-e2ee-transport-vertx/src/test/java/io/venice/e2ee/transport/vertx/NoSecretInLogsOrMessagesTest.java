package io.venice.e2ee.transport.vertx;

import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.RetryPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ModelSpec;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.testing.LogCapture;
import io.venice.e2ee.testing.SecretRecordingProvider;
import io.venice.e2ee.testing.SecretRecordingProvider.Kind;
import io.venice.e2ee.testing.SecretScan;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No error path of the client puts a secret where a user or a log file could see it: for every fault the simulator
 * can inject (the whole {@link Fault} enum, so a new fault is covered when it is added), Venice's HTTP errors,
 * malformed and hostile answers, broken envelopes and a closed session, a chat with a known API key runs (the faults
 * and broken envelopes on the JDK transport, HTTP errors and malformed answers on the JDK and the Vert.x transports); every log record at every level (message, parameters, thrown stack trace), every
 * exception (its stack trace with each cause's message) and the {@code toString} of everything returned are then
 * searched for the API key and for every private key, ECDH shared secret, HKDF output and AES key the crypto made
 * (recorded by {@link SecretRecordingProvider}), in hex, base64, base64url, decimal and as text
 * ({@link SecretScan#inText}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoSecretInLogsOrMessagesTest {
    private static final String API_KEY = "vk-logscan-8c1f2e77a9d04b5e31";
    private static final String NEAR_MODEL = "e2ee-glm-5";
    private static final String GATEWAY_MODEL = "e2ee-glm-5-2-p";
    private static final String TEE_MODEL = "tee-glm-5";
    /** Non-ASCII, so the split-utf8 fault has characters to split (the simulator echoes the prompt). */
    private static final String PROMPT = "grüße an die enklave";

    private VeniceSimulator sim;
    private HttpServer hostile;
    private final ExecutorService hostilePool = Executors.newCachedThreadPool();
    private volatile HostileAnswer answer;
    private io.vertx.core.Vertx vertx;

    /** What the hostile server answers on a path (null: relay to the simulator). */
    private interface HostileAnswer {
        Reply on(String method, String path);
    }

    private record Reply(int status, String contentType, String body) {
    }

    @BeforeAll
    void start() throws IOException {
        List<ModelSpec> models = new ArrayList<>(VeniceSimulator.DEFAULT_MODELS.stream().map(ModelSpec::of).toList());
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).apiKey(API_KEY).retryAfter(Duration.ofMillis(10))
                .models(models.toArray(new ModelSpec[0])).build();
        sim.start();
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hostile.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                Reply r = answer.on(ex.getRequestMethod(), ex.getRequestURI().getPath());
                if (r == null) {
                    r = relay(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(), body);
                }
                byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", r.contentType());
                ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(out);
                    }
                }
            }
        });
        hostile.setExecutor(hostilePool);
        hostile.start();
        vertx = io.vertx.core.Vertx.vertx();
    }

    @AfterAll
    void stop() {
        hostile.stop(0);
        hostilePool.shutdownNow();
        sim.close();
        vertx.close().await();
    }

    @AfterEach
    void noFaults() {
        sim.faults().clear();
    }

    private static final HttpClient RELAY = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Passes a request on to the simulator and its whole answer back (what a hostile server starts from). */
    private Reply relay(String method, URI uri, com.sun.net.httpserver.Headers headers, byte[] body) throws IOException {
        URI target = URI.create(sim.baseUrl().toString().replaceFirst("/api/v1/?$", "") + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(target).method(method,
                HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!List.of("host", "content-length", "connection", "upgrade").contains(k.toLowerCase())) {
                v.forEach(x -> b.header(k, x));
            }
        });
        try {
            HttpResponse<String> r = RELAY.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"),
                    r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    // ---- what a run shows, and the search through it

    /** Everything a run showed: outcomes of each step (returned value or thrown exception), in order. */
    private static final class Shown {
        private final StringBuilder text = new StringBuilder();
        private int failures;

        <T> T step(String name, Supplier<T> action) {
            try {
                T value = action.get();
                text.append(name).append(" -> ").append(value).append('\n');
                return value;
            } catch (RuntimeException | Error e) {
                failures++;
                text.append(name).append(" threw ").append(LogCapture.stackTrace(e)).append('\n');
                return null;
            }
        }
    }

    /** A client on {@code transport} to {@code base}, at policy full, with the recorded suite and {@code apiKey}. */
    private VeniceClient client(URI base, String apiKey, CryptoSuite suite, Transport transport) {
        VerificationPolicy.Builder p = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL);
        sim.trustAnchors().forEach(p::extraTrustAnchor);
        return VeniceClient.builder().baseUrl(base).apiKey(apiKey).policy(p.build()).pccs(sim.pcsBaseUrl())
                .nrasUrl(sim.nrasBaseUrl()).crypto(suite).transport(transport).retryPolicy(RetryPolicy.none())
                .build();
    }

    private Transport transport(String which) {
        return "vertx".equals(which) ? VertxTransport.create(vertx, Duration.ofSeconds(5))
                : JdkTransport.create(Duration.ofSeconds(5));
    }

    /** How much of the client a run goes through. */
    private enum Scope {
        /** Models; per E2EE model a session: its report, a chat, the chat's signature, a chat after close. */
        SESSIONS,
        /** The same, then an attestation and a TEE-only chat of a TEE model. */
        EVERYTHING,
        /** One session's chat (where a broken answer fails). */
        CHAT
    }

    /** Runs the client over {@code base} as far as {@code scope} says; returns all it showed and logged. */
    private Shown run(URI base, String apiKey, SecretRecordingProvider recorder, String transport, Scope scope,
            LogCapture logs) {
        Shown shown = new Shown();
        Transport wire = transport(transport);
        try (wire; VeniceClient client = client(base, apiKey, recorder.suite(), wire)) {
            if (scope != Scope.CHAT) {
                shown.step("models", client::listModels);
            }
            for (String model : scope == Scope.CHAT ? List.of(NEAR_MODEL) : List.of(NEAR_MODEL, GATEWAY_MODEL)) {
                E2eeSession session = shown.step("open " + model, () -> client.openSession(model));
                if (session == null) {
                    continue;
                }
                shown.step("report", session::report);
                shown.step("session", session::toString);
                ChatCompletion done = shown.step("chat", () -> session.chat(ChatRequest.ofUser(PROMPT)).readAll());
                if (done != null && scope != Scope.CHAT) {
                    shown.step("signature", () -> session.verifySignature(done));
                }
                session.close();
                shown.step("closed session", session::toString);
                if (scope != Scope.CHAT) {
                    shown.step("chat after close", () -> session.chat(ChatRequest.ofUser(PROMPT)));
                }
            }
            if (scope == Scope.EVERYTHING) {
                shown.step("attest", () -> client.attest(TEE_MODEL));
                shown.step("tee-only chat", () -> client.teeOnlyChat(TEE_MODEL, ChatRequest.ofUser(PROMPT))
                        .readAll());
            }
        }
        shown.text.append(logs.text());
        return shown;
    }

    /** The search: nothing recorded, nor the API key, in anything shown. */
    private static void assertNoSecret(String what, Shown shown, SecretRecordingProvider recorder, String apiKey) {
        List<byte[]> secrets = new ArrayList<>(List.of(recorder.secretBytes()));
        secrets.add(apiKey.getBytes(StandardCharsets.US_ASCII));
        List<String> found = SecretScan.inText(shown.text, secrets.toArray(byte[][]::new));
        assertThat(found).as(what + ": secrets found in what was shown:\n" + shown.text).isEmpty();
    }

    private SecretRecordingProvider recorder() {
        return new SecretRecordingProvider(CryptoSuite.defaults());
    }

    // ---- the tests

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void noFaultTheSimulatorCanInjectShowsASecret(Fault fault) {
        sim.faults().enable(fault);
        SecretRecordingProvider recorder = recorder();
        try (LogCapture logs = LogCapture.start()) {
            Shown shown = run(sim.baseUrl(), API_KEY, recorder, "jdk", Scope.SESSIONS, logs);
            assertNoSecret(fault.headerName(), shown, recorder, API_KEY);
        }
    }

    @Test
    void aCleanRunRecordsEveryKindOfSecretAndShowsNone() {
        SecretRecordingProvider recorder = recorder();
        try (LogCapture logs = LogCapture.start()) {
            Shown shown = run(sim.baseUrl(), API_KEY, recorder, "jdk", Scope.EVERYTHING, logs);
            assertThat(shown.failures).as("only the two chats after close fail: " + shown.text).isEqualTo(2);
            assertThat(shown.text).contains("SessionException$Closed");
            // the search has something to find: each kind of secret of the sessions and of their envelopes
            assertThat(recorder.secrets()).hasSizeGreaterThan(10);
            for (Kind kind : Kind.values()) {
                assertThat(recorder.recorded(kind)).as(kind.name()).isTrue();
            }
            assertNoSecret("a clean run", shown, recorder, API_KEY);
        }
    }

    @Test
    void theSearchFindsASecretPlantedInALogRecordOrAMessage() {
        SecretRecordingProvider recorder = recorder();
        try (LogCapture logs = LogCapture.start()) {
            Shown shown = run(sim.baseUrl(), API_KEY, recorder, "jdk", Scope.CHAT, logs);
            assertNoSecret("before planting", shown, recorder, API_KEY);
            byte[] privateKey = recorder.secrets().stream().filter(s -> s.kind() == Kind.PRIVATE_KEY).findFirst()
                    .orElseThrow().bytes();
            byte[] aesKey = recorder.secrets().stream().filter(s -> s.kind() == Kind.AES_KEY).findFirst()
                    .orElseThrow().bytes();
            List<Runnable> plants = List.of(
                    () -> Logger.getLogger("io.venice.e2ee").log(Level.FINE, "key {0}",
                            HexFormat.of().withUpperCase().formatHex(privateKey)),
                    () -> System.getLogger("io.venice.e2ee").log(System.Logger.Level.DEBUG, "aes "
                            + Base64.getUrlEncoder().withoutPadding().encodeToString(aesKey)),
                    () -> Logger.getLogger("x").log(Level.WARNING, "failed", new IllegalStateException("wrapped",
                            new IllegalArgumentException("scalar " + new java.math.BigInteger(1, privateKey)))),
                    () -> Logger.getLogger("x").info("Authorization: Bearer " + API_KEY));
            for (Runnable plant : plants) {
                logs.clear();
                plant.run();
                Shown planted = new Shown();
                planted.text.append(logs.text());
                List<byte[]> secrets = new ArrayList<>(List.of(recorder.secretBytes()));
                secrets.add(API_KEY.getBytes(StandardCharsets.US_ASCII));
                assertThat(SecretScan.inText(planted.text, secrets.toArray(byte[][]::new))).as(planted.text.toString())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void aWrongApiKeyIsA401ThatDoesNotRepeatTheKey() {
        String wrong = "vk-wrong-0b5c9d1e7f3a2468ac";
        SecretRecordingProvider recorder = recorder();
        try (LogCapture logs = LogCapture.start()) {
            Shown shown = run(sim.baseUrl(), wrong, recorder, "jdk", Scope.EVERYTHING, logs);
            assertThat(shown.text).contains("401");
            assertNoSecret("401", shown, recorder, wrong);
        }
    }

    @ParameterizedTest(name = "HTTP {0} on every path")
    @ValueSource(ints = {400, 401, 403, 404, 429, 500, 502, 503})
    void venicesHttpErrorsShowNoSecret(int status) {
        String body = "{\"error\":\"Something failed\",\"details\":{\"reason\":\"test\"}}";
        hostileRun("HTTP " + status, Scope.EVERYTHING, List.of("jdk", "vertx"),
                (method, path) -> new Reply(status, "application/json", body));
    }

    @ParameterizedTest(name = "answer: {0}")
    @ValueSource(strings = {"not json", "{\"truncated\": ", "<html><body>gateway</body></html>", "", "[]", "null",
            "{\"verified\":true,\"signing_key\":\"zz\",\"nonce\":12}"})
    void malformedAnswersShowNoSecret(String body) {
        hostileRun("malformed " + body, Scope.EVERYTHING, List.of("jdk", "vertx"),
                (method, path) -> new Reply(200, "application/json", body));
    }

    @ParameterizedTest(name = "chunk: {0}")
    @ValueSource(strings = {"short", "odd", "nothex", "key-only", "huge-length", "plain", "junk-line"})
    void brokenEnvelopeChunksShowNoSecret(String how) {
        hostileRun("broken chunk " + how, Scope.CHAT, List.of("jdk"), (method, path) -> path.endsWith("/chat/completions")
                ? new Reply(200, "text/event-stream", brokenStream(how)) : null);
    }

    /** An event stream whose second chunk is broken as {@code how} says. */
    private static String brokenStream(String how) {
        String good = "04" + "ab".repeat(64) + "00".repeat(12) + "cd".repeat(40);
        String bad = switch (how) {
            case "short" -> good.substring(0, 140);
            case "odd" -> good + "a";
            case "nothex" -> "zz" + good.substring(2);
            case "key-only" -> good.substring(0, 130);
            case "huge-length" -> good.repeat(200);
            case "plain" -> "hello in plaintext";
            default -> good;
        };
        String chunk = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + NEAR_MODEL
                + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"}}]}";
        StringBuilder sb = new StringBuilder();
        sb.append("data: ").append(chunk.replace("{\"content\":\"%s\"}", "{\"role\":\"assistant\"}"))
                .append("\n\n");
        if ("junk-line".equals(how)) {
            sb.append("data: {not json at all\n\n");
        } else {
            sb.append("data: ").append(chunk.formatted(bad)).append("\n\n");
        }
        sb.append("data: [DONE]\n\n");
        return sb.toString();
    }

    private void hostileRun(String what, Scope scope, List<String> transports, HostileAnswer a) {
        answer = a;
        URI base = URI.create("http://127.0.0.1:" + hostile.getAddress().getPort() + "/api/v1");
        for (String transport : transports) {
            SecretRecordingProvider recorder = recorder();
            try (LogCapture logs = LogCapture.start()) {
                Shown shown = run(base, API_KEY, recorder, transport, scope, logs);
                assertThat(shown.failures).as(what + ": the hostile answer must fail something").isPositive();
                assertNoSecret(what + " over " + transport, shown, recorder, API_KEY);
            }
        }
    }
}
