package io.venice.e2ee.testing.transport;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.chat.PrivacyMode;
import io.venice.e2ee.chat.StreamLimits;
import io.venice.e2ee.chat.StreamOptions;
import io.venice.e2ee.chat.Usage;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.client.RetryPolicy;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.Timeouts;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.signature.ReceiptVerifier;
import io.venice.e2ee.signature.ResponseSignatureException;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.testing.TrackingProvider;
import io.venice.e2ee.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The behaviour every {@link Transport} must show under the client, over real loopback HTTP against a Venice
 * simulator: the E2EE round trip with every installed crypto provider, blocking and async reading, and each
 * simulator fault surfacing as its typed error or being recovered as specified (the faults on the decrypt path with
 * every installed key-agreement provider). A transport module subclasses it
 * and supplies the transport and a running simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class TransportTestKit {
    /** An E2EE model the simulator serves (NEAR-style evidence). */
    protected static final String MODEL = "e2ee-qwen3-5-122b-a10b";
    /** An E2EE model behind the simulated Phala gateway (the aci/1 envelope, receipts). */
    protected static final String GATEWAY_MODEL = "e2ee-glm-5-2-p";
    /** A model with TEE attestation but no E2EE. */
    protected static final String TEE_MODEL = "tee-qwen3-5-122b-a10b";
    /** A model the server lists with no capability at all, whose id looks private. */
    protected static final String NO_CAPABILITY_MODEL = "E2EE-glm-5";
    /** An E2EE model that streams reasoning before its answer. */
    protected static final String REASONING_MODEL = "e2ee-qwen3-6-27b";
    private static final String PROMPT = "What is two plus two today?";
    private static final String ANSWER = "Echo: What is two plus two today? (6 words)";

    /**
     * The simulator the kit talks to, started once for the test class. It serves the simulator's default models and
     * also {@link #NO_CAPABILITY_MODEL} (listed with no capability) and {@link #REASONING_MODEL} (E2EE, reasoning).
     */
    public interface Server {
        /** A request as the server received it. */
        record Received(String body, java.util.Map<String, String> headers) {
            /** The header's value (any case), or null. */
            public String header(String name) {
                return headers.get(name.toLowerCase(java.util.Locale.ROOT));
            }
        }

        /** The last chat request the server received. */
        Received lastChat();

        /** How many requests to {@code path} (under the base URL, e.g. {@code /chat/completions}) it received. */
        long requests(String path);

        /** Forgets the requests received so far. */
        void clearReceived();

        /** Base URL including {@code /api/v1}. */
        URI baseUrl();

        /** The simulator's test roots (TDX PCK and NVIDIA). */
        List<X509Certificate> trustAnchors();

        /** Replaces the server-wide faults with those named (header names, e.g. {@code corrupt-chunk}). */
        void faults(String... names);

        /** Rotates the key of {@code model}, as an enclave restart would. */
        void rotateKey(String model);
    }

    /** The running simulator. */
    protected abstract Server server();

    /** A fresh transport under test (closed by the kit). */
    protected abstract Transport newTransport();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        server().faults();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    /** Names of the installed providers. */
    protected Stream<String> providers() {
        return CryptoProviders.installed().stream().map(CryptoProvider::name);
    }

    /** A suite using {@code provider} for every primitive it serves (the best other provider for the rest). */
    protected static CryptoSuite suite(String provider) {
        CryptoProvider p = CryptoProviders.named(provider).orElseThrow();
        CryptoSuite.Builder b = CryptoSuite.builder();
        for (Primitive primitive : Primitive.values()) {
            if (p.availability(primitive).available()) {
                b.use(primitive, provider);
            }
        }
        return b.build();
    }

    /** A client on a fresh transport, trusting the simulator's roots at policy DCAP, with fast retries. */
    protected VeniceClient client(Consumer<VeniceClient.Builder> tweak) {
        return client(tweak, VerificationPolicy.Level.DCAP, false);
    }

    private VeniceClient client(Consumer<VeniceClient.Builder> tweak, VerificationPolicy.Level level, boolean sha256Nonce) {
        VerificationPolicy.Builder pb = VerificationPolicy.builder().level(level).allowSha256NonceBinding(sha256Nonce);
        server().trustAnchors().forEach(pb::extraTrustAnchor);
        Transport transport = newTransport();
        VeniceClient.Builder b = VeniceClient.builder().apiKey("test-key").baseUrl(server().baseUrl())
                .transport(transport).policy(pb.build())
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)));
        tweak.accept(b);
        VeniceClient c = b.build();
        toClose.add(transport);
        toClose.add(c);
        return c;
    }

    private static ChatRequest prompt() {
        return ChatRequest.builder().system("Answer briefly.").user(PROMPT).build();
    }

    private static String readText(ChatStream s) {
        StringBuilder sb = new StringBuilder();
        try (s) {
            for (ChatDelta d : s) {
                sb.append(d.text());
            }
        }
        return sb.toString();
    }

    // ---- round trips

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void e2eeRoundTripDecryptsEveryChunkWithEachProvider(String provider) {
        VeniceClient c = client(b -> b.crypto(suite(provider)));
        try (E2eeSession session = c.openSession(MODEL)) {
            assertThat(session.report().passed()).isTrue();
            assertThat(session.clientPublicKeyHex()).hasSize(130).startsWith("04").isLowerCase();
            List<ChatDelta> deltas = new ArrayList<>();
            try (ChatStream s = session.chat(prompt())) {
                s.forEach(deltas::add);
                ChatCompletion done = s.completion().join();
                assertThat(done.content()).isEqualTo(ANSWER);
                assertThat(done.id()).startsWith("chatcmpl-");
                assertThat(done.finishReason()).isEqualTo("stop");
            }
            assertThat(deltas).filteredOn(d -> !d.text().isBlank()).isNotEmpty().allMatch(ChatDelta::encrypted);
            assertThat(deltas).extracting(ChatDelta::chunkIndex).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void asyncPublisherDeliversInOrderWithOneAtATimeDemand() throws Exception {
        VeniceClient c = client(b -> { });
        ChatStream s = c.chatAsync(MODEL, prompt()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        CompletableFuture<String> text = new CompletableFuture<>();
        s.subscribe(new Flow.Subscriber<>() {
            private final StringBuilder sb = new StringBuilder();
            private Flow.Subscription sub;
            private long last = -1;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                sub = subscription;
                sub.request(1);
            }

            @Override
            public void onNext(ChatDelta item) {
                if (item.chunkIndex() <= last) {
                    text.completeExceptionally(new AssertionError("out of order: " + item.chunkIndex()));
                }
                last = item.chunkIndex();
                sb.append(item.text());
                sub.request(1);
            }

            @Override
            public void onError(Throwable throwable) {
                text.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                text.complete(sb.toString());
            }
        });
        assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo(ANSWER);
        assertThat(s.completion().get(5, TimeUnit.SECONDS).content()).isEqualTo(ANSWER);
    }

    @Test
    void listModelsReportsTeeAndE2eeCapabilities() {
        List<ModelInfo> models = client(b -> { }).listModels();
        assertThat(models).filteredOn(m -> m.id().equals(MODEL)).singleElement()
                .matches(ModelInfo::supportsE2ee).matches(ModelInfo::supportsTeeAttestation);
        assertThat(models).filteredOn(m -> m.id().equals(GATEWAY_MODEL)).singleElement()
                .matches(ModelInfo::supportsE2ee).matches(ModelInfo::supportsTeeAttestation);
        assertThat(models).filteredOn(m -> m.id().equals(TEE_MODEL)).singleElement()
                .matches(m -> !m.supportsE2ee()).matches(ModelInfo::supportsTeeAttestation);
        assertThat(models).filteredOn(m -> m.id().equals(NO_CAPABILITY_MODEL)).singleElement()
                .matches(m -> !m.supportsE2ee()).matches(m -> !m.supportsTeeAttestation());
    }

    @Test
    void signatureOfAHashedAnswerVerifiesSignerAndBothHashes() {
        VeniceClient c = client(b -> b.hashResponses(true).strictSignatureHashes(true));
        try (E2eeSession session = c.openSession(MODEL)) {
            ChatCompletion done = session.chat(prompt()).readAll();
            SignatureReport r = session.verifySignature(done);
            assertThat(r.verdict()).as(r.summary()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.recoveredAddress()).isEqualToIgnoringCase(session.signingAddress());
            SignatureReport unkept = c.verifySignature(MODEL, done.id());
            assertThat(unkept.check("signature.address").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(unkept.check("signature.response_hash").orElseThrow().verdict())
                    .isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
            assertThat(unkept.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
        }
    }

    @Test
    void withoutHashingResponsesTheRequestHashIsCheckedAndTheResponseHashUnverifiable() {
        VeniceClient c = client(b -> b.strictSignatureHashes(true));
        try (E2eeSession session = c.openSession(MODEL)) {
            ChatCompletion done = session.chat(prompt()).readAll();
            assertThat(done.requestSha256()).hasSize(64);
            assertThat(done.responseSha256()).isNull();
            SignatureReport r = session.verifySignature(done);
            assertThat(r.check("signature.request_hash").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("signature.response_hash").orElseThrow())
                    .matches(h -> h.verdict() == SignatureReport.Verdict.UNVERIFIABLE && h.reason().contains("not hashed"));
            assertThat(r.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
        }
    }

    @Test
    void closingAStreamCancelsItAndClosingTheSessionForbidsFurtherChats() throws Exception {
        server().faults("slow-drip");
        VeniceClient c = client(b -> { });
        E2eeSession session = c.openSession(MODEL);
        ChatStream s = session.chat(prompt());
        // a reader that asked for one delta: the answer (several) cannot end before the close, however slow this is
        CompletableFuture<ChatDelta> first = new CompletableFuture<>();
        CompletableFuture<Throwable> told = new CompletableFuture<>();
        s.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(ChatDelta item) {
                first.complete(item);
            }

            @Override
            public void onError(Throwable throwable) {
                told.complete(throwable);
            }

            @Override
            public void onComplete() {
                told.complete(null);
            }
        });
        assertThat(first.get(30, TimeUnit.SECONDS).chunkIndex()).isNotNegative();
        s.close();
        assertThatThrownBy(() -> s.completion().join()).isInstanceOf(CancellationException.class);
        assertThat(told.get(30, TimeUnit.SECONDS)).as("a reader still waiting is told").isInstanceOf(
                CancellationException.class);
        session.close();
        assertThat(session.isClosed()).isTrue();
        assertThatThrownBy(() -> session.chat(prompt())).isInstanceOf(SessionException.Closed.class);
    }

    private static TrackingProvider tracking() {
        return new TrackingProvider(CryptoProviders.best(CryptoProviders.installed(), Primitive.KEY_AGREEMENT)
                .orElseThrow());
    }

    private static CryptoSuite suiteOf(TrackingProvider p) {
        return p.suite();
    }

    @Test
    void aOneShotChatErasesItsSessionKeyWhenTheAnswerEnds() {
        TrackingProvider keys = tracking();
        VeniceClient c = client(b -> b.crypto(suiteOf(keys)));
        ChatStream s = c.chat(MODEL, prompt());
        assertThat(keys.open()).as("the session key is live while the answer streams").hasSize(1);
        assertThat(readText(s)).isEqualTo(ANSWER);
        assertThat(keys.made()).isGreaterThan(1);
        assertThat(keys.open()).isEmpty();
    }

    @Test
    void aSessionClosedAfterACancelledStreamErasesEveryKey() {
        server().faults("slow-drip");
        TrackingProvider keys = tracking();
        VeniceClient c = client(b -> b.crypto(suiteOf(keys)));
        E2eeSession session = c.openSession(MODEL);
        ChatStream s = session.chat(prompt());
        assertThat(s.iterator().hasNext()).isTrue();
        s.close();
        assertThat(keys.open()).hasSize(1);
        session.close();
        assertThat(keys.open()).isEmpty();
    }

    @Test
    void requestsE2eeCannotCarryAreRefusedBeforeSending() {
        VeniceClient c = client(b -> { });
        try (E2eeSession session = c.openSession(MODEL)) {
            assertThatThrownBy(() -> session.chat(ChatRequest.builder().user("x").param("tools", List.of()).build()))
                    .isInstanceOf(VeniceProtocolException.Unsupported.class).hasMessageContaining("tool");
            assertThatThrownBy(() -> session.chat(ChatRequest.builder().user("x").param("stream", false).build()))
                    .isInstanceOf(VeniceProtocolException.Unsupported.class).hasMessageContaining("stream");
            assertThatThrownBy(() -> session.chat(ChatRequest.fromJson(
                    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}]}")))
                    .isInstanceOf(VeniceProtocolException.Unsupported.class).hasMessageContaining("multimodal");
            assertThatThrownBy(() -> session.chat(ChatRequest.builder().user("x")
                    .param("venice_parameters", java.util.Map.of("enable_e2ee", false)).build()))
                    .isInstanceOf(VeniceProtocolException.Unsupported.class).hasMessageContaining("enable_e2ee");
            assertThatThrownBy(() -> session.chat(ChatRequest.builder().user("x")
                    .param("venice_parameters", java.util.Map.of("enable_web_search", "on")).build()))
                    .isInstanceOf(VeniceProtocolException.Unsupported.class).hasMessageContaining("web search");
        }
    }

    @Test
    void anUnreachableServerIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        VeniceClient c = VeniceClient.builder().apiKey("k").baseUrl("http://127.0.0.1:" + port + "/api/v1")
                .transport(track(newTransport())).retryPolicy(RetryPolicy.none()).build();
        toClose.add(c);
        assertThatThrownBy(c::listModels).isInstanceOf(TransportException.ConnectFailed.class)
                .hasMessageContaining("cannot connect");
    }

    private Transport track(Transport t) {
        toClose.add(t);
        return t;
    }

    // ---- answers that are not an event stream

    private static final String JSON_COMPLETION = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"choices\":[{"
            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Four.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";

    /** A loopback server answering every request with one {@code contentType} body, as a server ignoring E2EE would. */
    private URI oneBodyServer(String contentType, String body) throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        http.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", contentType);
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        http.start();
        toClose.add(() -> http.stop(0));
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1/chat/completions");
    }

    private ChatStream chatAt(URI uri, ChunkDecryptor decryptor) throws Exception {
        byte[] body = "{\"stream\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Transport.StreamingResponse resp = track(newTransport()).stream(Transport.Request.post(uri, java.util.Map.of(
                "Content-Type", "application/json", "Accept", "text/event-stream"), body, Duration.ofSeconds(10)))
                .get(10, TimeUnit.SECONDS);
        return ChatStream.start(resp, uri, decryptor, new StreamOptions(Runnable::run, null, Duration.ofSeconds(10), 64,
                false), body);
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aPlaintextJsonBodyInAnE2eeSessionIsADowngradeNotATruncation(String provider) throws Exception {
        EnvelopeCipher cipher = new EnvelopeCipher(suite(provider));
        try (EcdhKeyPair key = cipher.keyAgreement().generateKeyPair()) {
            ChatStream s = chatAt(oneBodyServer("application/json; charset=utf-8", JSON_COMPLETION),
                    ChunkDecryptor.e2ee(cipher, key, false));
            Throwable t = catchThrowable(() -> readText(s));
            assertThat(t).isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("downgrade")
                    .hasMessageContaining("plaintext, not SSE").hasMessageContaining("application/json")
                    .hasMessageNotContaining("Four");
            assertThat(((VeniceProtocolException.Downgrade) t).field()).isEqualTo("message.content");
        }
    }

    @Test
    void aJsonBodyToAPlainChatIsReadAsOneWholeCompletion() throws Exception {
        ChatStream s = chatAt(oneBodyServer("application/json", JSON_COMPLETION), ChunkDecryptor.plaintext());
        ChatCompletion done = s.readAll();
        assertThat(done.content()).isEqualTo("Four.");
        assertThat(done.id()).isEqualTo("chatcmpl-9");
        assertThat(done.finishReason()).isEqualTo("stop");
        assertThat(done.usage()).isEqualTo(new Usage(9, 2, 11));
    }

    // ---- simulator faults

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "debug-quote, tdx.debug",
        "wrong-nonce, nonce.echo",
        "reportdata-other-key, tdx.reportdata.address",
        "address-mismatch, key.address",
        "tampered-quote, tdx.quote.signature",
        "nvidia-wrong-nonce, nvidia.nonce",
        "unverified, server.verified",
        "sha256-nonce-binding, tdx.reportdata.nonce",
    })
    void attestationFaultsRefuseTheSessionNamingTheCheck(String fault, String check) {
        server().faults(fault);
        VeniceClient c = client(b -> { });
        assertThatThrownBy(() -> c.openSession(MODEL)).isInstanceOf(SessionException.AttestationRejected.class)
                .hasMessageContaining(check)
                .satisfies(e -> assertThat(((SessionException.AttestationRejected) e).report().orElseThrow()
                        .failures()).extracting(VerificationReport.Check::id).contains(check));
    }

    @Test
    void sha256NonceBindingPassesWhenThePolicyAllowsIt() {
        server().faults("sha256-nonce-binding");
        VeniceClient c = client(b -> { }, VerificationPolicy.Level.DCAP, true);
        try (E2eeSession session = c.openSession(MODEL)) {
            assertThat(readText(session.chat(prompt()))).isEqualTo(ANSWER);
        }
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aRotatedModelKeyIsReattestedOnceAndTheChatRetriedWithNewKeys(String provider) {
        VeniceClient c = client(b -> b.crypto(suite(provider)));
        try (E2eeSession session = c.openSession(MODEL)) {
            String oldClientKey = session.clientPublicKeyHex();
            String oldModelKey = session.attestation().modelKey().served();
            server().rotateKey(MODEL);
            assertThat(readText(session.chat(prompt()))).isEqualTo(ANSWER);
            assertThat(session.attestation().modelKey().served()).isNotEqualTo(oldModelKey);
            assertThat(session.clientPublicKeyHex()).isNotEqualTo(oldClientKey);
        }
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aKeyThatKeepsRotatingSurfacesAsNoProviderAfterOneRetry(String provider) {
        server().faults("key-rotation");
        VeniceClient c = client(b -> b.crypto(suite(provider)));
        Throwable t = catchThrowable(() -> c.chat(MODEL, prompt()));
        assertThat(t).isInstanceOf(VeniceProtocolException.ServerRefused.class);
        assertThat(((VeniceProtocolException.ServerRefused) t).error()).isEqualTo(VeniceError.NO_PROVIDER);
        assertThat(((VeniceProtocolException.ServerRefused) t).needsReattestation()).isTrue();
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aPlaintextAnswerInAnE2eeSessionIsADowngrade(String provider) {
        server().faults("plaintext-downgrade");
        VeniceClient c = client(b -> b.crypto(suite(provider)));
        assertThatThrownBy(() -> readText(c.chat(MODEL, prompt()))).isInstanceOf(VeniceProtocolException.Downgrade.class)
                .hasMessageContaining("downgrade");
    }

    @Test
    void plaintextPassesOnlyWhenExplicitlyAllowed() {
        server().faults("plaintext-downgrade");
        VeniceClient c = client(b -> b.allowPlaintextDeltas(true));
        List<ChatDelta> deltas = new ArrayList<>();
        try (ChatStream s = c.chat(MODEL, prompt())) {
            s.forEach(deltas::add);
        }
        assertThat(deltas.stream().map(ChatDelta::text).reduce("", String::concat)).isNotBlank();
        assertThat(deltas).noneMatch(ChatDelta::encrypted);
    }

    /** Reads a chat into {@code text} until the stream fails or ends, and returns what it failed with (or null). */
    private Throwable readUntilFailure(VeniceClient c, StringBuilder text) {
        return catchThrowable(() -> {
            try (ChatStream s = c.chat(MODEL, prompt())) {
                for (ChatDelta d : s) {
                    text.append(d.text());
                }
            }
        });
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aCorruptChunkFailsNamingItsIndexAfterTheChunksBeforeIt(String provider) {
        server().faults("corrupt-chunk");
        VeniceClient c = client(b -> b.crypto(suite(provider)));
        StringBuilder before = new StringBuilder();
        Throwable t = readUntilFailure(c, before);
        assertThat(t).isInstanceOf(VeniceProtocolException.DecryptFailed.class).hasMessageContaining("attest again");
        VeniceProtocolException.DecryptFailed f = (VeniceProtocolException.DecryptFailed) t;
        assertThat(f.chunkIndex()).isPositive();
        assertThat(f.field()).isEqualTo("delta.content");
        assertThat(ANSWER).startsWith(before.toString());
        assertThat(before.toString()).isNotEqualTo(ANSWER);
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aStreamCutBeforeDoneIsTruncatedAfterTheTextThatArrived(String provider) {
        server().faults("truncate-stream");
        VeniceClient c = client(b -> b.crypto(suite(provider)));
        StringBuilder before = new StringBuilder();
        Throwable t = readUntilFailure(c, before);
        assertThat(t).isInstanceOf(VeniceProtocolException.Truncated.class).hasMessageContaining("[DONE]");
        assertThat(ANSWER).startsWith(before.toString());
        assertThat(before.toString()).isNotEmpty().isNotEqualTo(ANSWER);
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aStreamWrittenOneByteAtATimeDecodesTheSame(String provider) {
        server().faults("split-bytes");
        assertThat(readText(client(b -> b.crypto(suite(provider))).chat(MODEL, prompt()))).isEqualTo(ANSWER);
    }

    @Test
    void aSlowStreamWithinTheIdleTimeoutCompletes() {
        server().faults("slow-drip");
        assertThat(readText(client(b -> { }).chat(MODEL, prompt()))).isEqualTo(ANSWER);
    }

    @Test
    void aStreamSilentLongerThanTheIdleTimeoutTimesOut() {
        server().faults("slow-drip");
        VeniceClient c = client(b -> b.timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMillis(2))));
        assertThatThrownBy(() -> readText(c.chat(MODEL, prompt()))).isInstanceOf(TransportException.Timeout.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void anAnswerLongerThanTheChunkLimitEndsWithLimitExceededAfterTheChunksBeforeIt() {
        VeniceClient c = client(b -> b.streamLimits(StreamLimits.defaults().withMaxChunks(3)));
        StringBuilder before = new StringBuilder();
        Throwable t = readUntilFailure(c, before);
        assertThat(t).isInstanceOf(VeniceProtocolException.LimitExceeded.class)
                .hasMessageContaining("more than 3 chunks");
        assertThat(((VeniceProtocolException.LimitExceeded) t).limit()).isEqualTo("maxChunks");
        assertThat(ANSWER).startsWith(before.toString());
        assertThat(before.toString()).isNotEqualTo(ANSWER);
    }

    @Test
    void anAnswerLargerThanTheByteLimitEndsWithLimitExceeded() {
        VeniceClient c = client(b -> b.streamLimits(StreamLimits.defaults().withMaxResponseBytes(512)));
        Throwable t = readUntilFailure(c, new StringBuilder());
        assertThat(t).isInstanceOf(VeniceProtocolException.LimitExceeded.class)
                .hasMessageContaining("longer than 512 bytes");
        assertThat(((VeniceProtocolException.LimitExceeded) t).limit()).isEqualTo("maxResponseBytes");
    }

    @Test
    void aStreamLongerThanTheWholeCallTimeoutTimesOutThoughNeverIdle() {
        // the echo of 400 words is over 200 events, and slow-drip pauses 25 ms before each: never idle for 30 s,
        // but five seconds or more, far over the 1 s the whole call may take (which attestation stays far within)
        server().faults("slow-drip");
        VeniceClient c = client(b -> b.timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1))));
        ChatRequest longEcho = ChatRequest.builder().user("two ".repeat(400).strip()).build();
        Throwable t = catchThrowable(() -> {
            try (ChatStream s = c.chat(MODEL, longEcho)) {
                s.forEach(d -> { });
            }
        });
        assertThat(t).isInstanceOf(TransportException.Timeout.class)
                .hasMessageContaining("the whole streamed answer");
        assertThat(((TransportException.Timeout) t).limit()).isEqualTo(Duration.ofSeconds(1));
    }

    // ---- the size of a JSON answer (maxJsonBodyBytes), over a loopback server that answers as each test says

    private static final int BODY_LIMIT = 16 * 1024;

    @Test
    void aJsonAnswerThatNeverEndsIsRefusedOnceItPassesTheBodyLimitAndItsConnectionClosed() throws Exception {
        java.util.concurrent.CountDownLatch clientLeft = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        URI base = jsonServer(ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            byte[] spaces = " ".repeat(8192).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (java.io.OutputStream out = ex.getResponseBody()) {
                out.write("{\"data\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                while (true) {
                    out.write(spaces);
                    out.flush();
                }
            } catch (java.io.IOException gone) {
                clientLeft.countDown();
            }
        });
        VeniceClient c = client(b -> b.baseUrl(base).maxJsonBodyBytes(BODY_LIMIT));
        Throwable t = catchThrowable(c::listModels);
        assertThat(t).isInstanceOf(TransportException.BodyTooLarge.class)
                .hasMessageContaining("grew past the limit of " + BODY_LIMIT + " bytes")
                .hasMessageContaining("maxJsonBodyBytes");
        assertThat(((TransportException.BodyTooLarge) t).limit()).isEqualTo(BODY_LIMIT);
        assertThat(((TransportException.BodyTooLarge) t).retryable()).isFalse();
        assertThat(clientLeft.await(30, TimeUnit.SECONDS)).as("the client closed the connection, not reading on")
                .isTrue();
        assertThat(requests.get()).as("never retried").isEqualTo(1);
    }

    @Test
    void aJsonAnswerDeclaringMoreThanTheBodyLimitIsRefusedBeforeAnyOfItArrives() throws Exception {
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        URI base = jsonServer(ex -> {
            ex.sendResponseHeaders(200, BODY_LIMIT + 1);
            ex.getResponseBody().flush();
            try {
                // the body never comes: a client that waited for it would meet only the whole-call timeout
                released.await();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        toClose.add(released::countDown);
        VeniceClient c = client(b -> b.baseUrl(base).maxJsonBodyBytes(BODY_LIMIT));
        Throwable t = catchThrowable(c::listModels);
        assertThat(t).isInstanceOf(TransportException.BodyTooLarge.class)
                .hasMessageContaining("declares " + (BODY_LIMIT + 1) + " bytes (Content-Length)")
                .hasMessageContaining("limit of " + BODY_LIMIT + " bytes");
    }

    @ParameterizedTest(name = "Content-Length given: {0}")
    @ValueSource(booleans = {true, false})
    void aJsonAnswerOfExactlyTheBodyLimitIsReadAndOneByteMoreRefused(boolean contentLength) throws Exception {
        byte[] exact = paddedModelList(BODY_LIMIT);
        URI atLimit = jsonServer(ex -> answer(ex, exact, contentLength));
        VeniceClient c = client(b -> b.baseUrl(atLimit).maxJsonBodyBytes(BODY_LIMIT));
        assertThat(c.listModels()).extracting(ModelInfo::id).containsExactly("m");

        byte[] over = paddedModelList(BODY_LIMIT + 1);
        URI pastLimit = jsonServer(ex -> answer(ex, over, contentLength));
        VeniceClient refusing = client(b -> b.baseUrl(pastLimit).maxJsonBodyBytes(BODY_LIMIT));
        assertThat(catchThrowable(refusing::listModels)).isInstanceOf(TransportException.BodyTooLarge.class)
                .hasMessageContaining(contentLength ? "declares " + (BODY_LIMIT + 1) + " bytes" : "grew past");
    }

    /** A model list of one model, {@code m}, padded with spaces to {@code length} bytes. */
    private static byte[] paddedModelList(int length) {
        String json = "{\"data\":[{\"id\":\"m\"}]}";
        return (json + " ".repeat(length - json.length())).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, byte[] body, boolean contentLength)
            throws java.io.IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, contentLength ? body.length : 0);
        try (java.io.OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (java.io.IOException refused) {
            // the client closed the connection: what a refusal does
        }
    }

    /** A loopback HTTP server answering every request with {@code handler}, stopped after the test; its base URL. */
    private URI jsonServer(com.sun.net.httpserver.HttpHandler handler) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread th = new Thread(r, "json-body-server");
            th.setDaemon(true);
            return th;
        });
        http.setExecutor(threads);
        http.createContext("/", handler);
        http.start();
        toClose.add(() -> {
            http.stop(0);
            threads.shutdownNow();
        });
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1");
    }

    @Test
    void aServerErrorIsRetriedForModelsThenSurfacesAsHttpStatus() {
        server().faults("server-error");
        Counting counting = new Counting(newTransport());
        VeniceClient c = client(b -> b.transport(counting));
        Throwable t = catchThrowable(c::listModels);
        assertThat(t).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(((TransportException.HttpStatus) t).status()).isEqualTo(500);
        assertThat(((TransportException.HttpStatus) t).retryable()).isTrue();
        assertThat(counting.sent.get()).as("three tries of an idempotent call").isEqualTo(3);
    }

    @Test
    void aChatIsNeverResentAfterAServerError() {
        Counting counting = new Counting(newTransport());
        VeniceClient c = client(b -> b.transport(counting).allowPlaintext(true));
        // the model list is read (and kept) before the server starts failing
        assertThat(c.privacyMode(NO_CAPABILITY_MODEL)).isEqualTo(PrivacyMode.PLAINTEXT);
        try (E2eeSession session = c.openSession(MODEL)) {
            server().faults("server-error");
            assertThatThrownBy(() -> session.chat(prompt())).isInstanceOf(TransportException.HttpStatus.class)
                    .hasMessageContaining("500");
            assertThatThrownBy(() -> c.chat(NO_CAPABILITY_MODEL, prompt()))
                    .isInstanceOf(TransportException.HttpStatus.class);
            assertThat(counting.streamed.get()).as("one POST per chat, never re-sent").isEqualTo(2);
        }
    }

    @Test
    void aRateLimitWithinTheAllowedWaitIsRetriedAfterRetryAfter() {
        server().faults("rate-limit");
        Counting counting = new Counting(newTransport());
        VeniceClient c = client(b -> b.transport(counting).retryPolicy(new RetryPolicy(2, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofSeconds(5))));
        Throwable t = catchThrowable(c::listModels);
        assertThat(t).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(counting.sent.get()).isEqualTo(2);
    }

    /** A real transport that counts what goes through it (nothing is faked). */
    private final class Counting implements Transport {
        private final Transport inner;
        private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger streamed = new java.util.concurrent.atomic.AtomicInteger();

        Counting(Transport inner) {
            this.inner = inner;
            toClose.add(inner);
        }

        @Override
        public CompletableFuture<Response> send(Request request) {
            sent.incrementAndGet();
            return inner.send(request);
        }

        @Override
        public CompletableFuture<StreamingResponse> stream(Request request) {
            streamed.incrementAndGet();
            return inner.stream(request);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aRateLimitCarriesRetryAfterAndALongerWaitThanAllowedEndsTheRetries() {
        server().faults("rate-limit");
        VeniceClient c = client(b -> b.retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ZERO)));
        Throwable t = catchThrowable(() -> c.attest(MODEL));
        assertThat(t).isInstanceOf(TransportException.HttpStatus.class).hasMessageContaining("rate limited");
        TransportException.HttpStatus h = (TransportException.HttpStatus) t;
        assertThat(h.status()).isEqualTo(429);
        assertThat(h.retryAfter()).isPresent();
    }

    // ---- Venice as it is today: privacy by capability, TEE-only, the gateway's models, reasoning, UTF-8, replays

    @Test
    void anEndToEndChatSendsEnableE2eeTrueWithTheHeadersAndNothingInTheClear() {
        VeniceClient c = client(b -> { });
        assertThat(c.privacyMode(MODEL)).isEqualTo(PrivacyMode.END_TO_END);
        ChatCompletion done = c.chat(MODEL, prompt()).readAll();
        assertThat(done.content()).isEqualTo(ANSWER);
        assertThat(done.privacy()).isEqualTo(PrivacyMode.END_TO_END);
        Server.Received sent = server().lastChat();
        assertThat(sent.body()).contains("\"enable_e2ee\":true").doesNotContain(PROMPT);
        assertThat(sent.header(E2eeHeaders.CLIENT_PUBLIC_KEY)).hasSize(130);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MODEL, GATEWAY_MODEL, TEE_MODEL})
    void aTeeOnlyChatIsAttestedThenSentInPlaintextWithEnableE2eeFalse(String model) {
        VeniceClient c = client(b -> b.teeOnly(true));
        assertThat(c.privacyMode(model)).isEqualTo(PrivacyMode.TEE_ONLY);
        List<ChatDelta> deltas = new ArrayList<>();
        ChatCompletion done;
        try (ChatStream s = c.chat(model, prompt())) {
            s.forEach(deltas::add);
            done = s.completion().join();
        }
        assertThat(done.content()).isEqualTo(ANSWER);
        assertThat(done.privacy()).isEqualTo(PrivacyMode.TEE_ONLY);
        assertThat(deltas).noneMatch(ChatDelta::encrypted);
        Server.Received sent = server().lastChat();
        assertThat(sent.body()).contains("\"enable_e2ee\":false").contains(PROMPT);
        assertThat(sent.header(E2eeHeaders.CLIENT_PUBLIC_KEY)).isNull();
        assertThat(server().requests("/tee/attestation")).as("attested before sending").isPositive();
    }

    @Test
    void aTeeOnlyChatIsRefusedWhenItsAttestationFailsAndNothingIsSent() {
        server().faults("debug-quote");
        VeniceClient c = client(b -> b.teeOnly(true));
        server().clearReceived();
        assertThatThrownBy(() -> c.chat(MODEL, prompt())).isInstanceOf(SessionException.AttestationRejected.class)
                .hasMessageContaining("tdx.debug");
        assertThat(server().requests("/chat/completions")).isZero();
    }

    @Test
    void withoutAskingAnAttestationOnlyModelAndACapabilityLessModelAreRefusedBeforeAnyChat() {
        VeniceClient c = client(b -> { });
        server().clearReceived();
        assertThatThrownBy(() -> c.chat(TEE_MODEL, prompt())).isInstanceOf(PrivacyException.E2eeNotOffered.class);
        assertThatThrownBy(() -> c.chat(NO_CAPABILITY_MODEL, prompt())).isInstanceOf(PrivacyException.NotPrivate.class);
        assertThat(server().requests("/chat/completions")).isZero();
        ChatCompletion plain = client(b -> b.allowPlaintext(true)).chat(NO_CAPABILITY_MODEL, prompt()).readAll();
        assertThat(plain.content()).isEqualTo(ANSWER);
        assertThat(plain.privacy()).isEqualTo(PrivacyMode.PLAINTEXT);
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aGatewayModelsE2eeRoundTripAndItsReceiptVerifiedByDefaultButNotClaimedAsAttested(String provider) {
        VeniceClient c = client(b -> b.crypto(suite(provider)).hashResponses(true));
        try (E2eeSession session = c.openSession(GATEWAY_MODEL)) {
            assertThat(session.report().passed()).isTrue();
            ChatCompletion done = session.chat(prompt()).readAll();
            assertThat(done.content()).isEqualTo(ANSWER);
            SignatureReport r = session.verifySignature(done);
            assertThat(r.check("signature.address").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("signature.request_hash").orElseThrow().verdict())
                    .as("the gateway hashes the request it decrypted").isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
            assertThat(r.check("receipt.signature").orElseThrow().verdict()).as("checked by default")
                    .isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("receipt.key").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("receipt.model").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("receipt.chat_id").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("receipt.body_hashes").orElseThrow().verdict())
                    .as("not reproducible through Venice").isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
            assertThat(r.check("signature.receipt").orElseThrow())
                    .as("signed by the keyset Venice relayed, which its quote does not bind")
                    .satisfies(k -> assertThat(k.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE))
                    .satisfies(k -> assertThat(k.reason()).contains("SIGNED_BY_UNATTESTED_KEY"));
            assertThat(r.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
            assertThat(r.signedByEnclave()).isTrue();
        }
    }

    @Test
    void aTamperedReceiptFailsTheSignatureAndARequiredSignatureFailsTheChat() {
        server().faults("receipt-tampered");
        VeniceClient c = client(b -> { });
        try (E2eeSession session = c.openSession(GATEWAY_MODEL)) {
            ChatCompletion done = session.chat(prompt()).readAll();
            SignatureReport r = session.verifySignature(done);
            assertThat(r.check("signature.address").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("receipt.signature").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            assertThat(r.check("receipt.key").orElseThrow().verdict()).as("only the signature is forged")
                    .isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("signature.receipt").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            assertThat(r.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            assertThat(r.signedByEnclave()).isFalse();
        }
        VeniceClient requiring = client(b -> b.requireSignature(true));
        assertThatThrownBy(() -> requiring.chat(GATEWAY_MODEL, prompt()).readAll())
                .isInstanceOf(ResponseSignatureException.NotVerified.class)
                .hasMessageContaining("receipt.signature");
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aCharacterSplitAcrossTwoEnvelopesComesOutWhole(String provider) {
        server().faults("split-utf8");
        ChatRequest nonAscii = ChatRequest.ofUser("prix 10€ 😀 déjà");
        ChatCompletion done = client(b -> b.crypto(suite(provider))).chat(MODEL, nonAscii).readAll();
        assertThat(done.content()).isEqualTo("Echo: prix 10€ 😀 déjà (4 words)").doesNotContain("\uFFFD");
    }

    @Test
    void plaintextReasoningIsAWarningByDefaultAndADowngradeWhenRefused() {
        server().faults("plaintext-reasoning");
        ChatCompletion done = client(b -> { }).chat(REASONING_MODEL, prompt()).readAll();
        assertThat(done.content()).isEqualTo(ANSWER);
        assertThat(done.reasoning()).isNotEmpty();
        assertThat(done.warnings()).isNotEmpty().allSatisfy(w -> assertThat(w.field()).startsWith("delta.reasoning"));
        assertThatThrownBy(() -> readText(client(b -> b.refusePlaintextReasoning(true)).chat(REASONING_MODEL, prompt())))
                .isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("delta.reasoning");
    }

    @Test
    void encryptedReasoningIsDecryptedWithoutAWarning() {
        ChatCompletion done = client(b -> { }).chat(REASONING_MODEL, prompt()).readAll();
        assertThat(done.reasoning()).isEqualTo("The last user message has 6 words.");
        assertThat(done.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "provider {0}")
    @MethodSource("providers")
    void aServerEphemeralKeySeenTwiceIsRefused(String provider) {
        server().faults("repeat-ephemeral-key");
        StringBuilder before = new StringBuilder();
        Throwable t = readUntilFailure(client(b -> b.crypto(suite(provider))), before);
        assertThat(t).isInstanceOf(VeniceProtocolException.RepeatedEphemeralKey.class)
                .hasMessageContaining("already seen");
        assertThat(ANSWER).startsWith(before.toString());
        assertThat(before.toString()).isNotEqualTo(ANSWER);
    }

    @Test
    void aRequiredSignatureCompletesTheAnswerWhenItVerifiesAndFailsItWhenItDoesNot() {
        VeniceClient c = client(b -> b.requireSignature(true));
        assertThat(c.chat(MODEL, prompt()).readAll().content()).isEqualTo(ANSWER);
        server().faults("signature-other-key");
        StringBuilder text = new StringBuilder();
        ChatStream s = c.chat(MODEL, prompt());
        for (ChatDelta d : s) {
            text.append(d.text());
        }
        assertThat(text.toString()).as("the answer was delivered before the signature could be checked")
                .isEqualTo(ANSWER);
        Throwable t = catchThrowable(() -> s.completion().join());
        assertThat(t).hasCauseInstanceOf(ResponseSignatureException.NotVerified.class);
        assertThat(t.getCause()).hasMessageContaining("signature.address").hasMessageContaining("not authenticated");
        assertThatThrownBy(() -> c.chat(MODEL, prompt()).readAll())
                .isInstanceOf(ResponseSignatureException.NotVerified.class);
    }

    @Test
    void aConfiguredReceiptVerifierGetsTheServedAnswerAndItsFailedCheckFailsTheSignature() {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        ReceiptVerifier refusing = (signature, attestation, model, requestId) -> {
            seen.set(List.of(signature.json(), model, requestId, String.valueOf(attestation.signingAddress()
                    .toOptional().orElse(""))));
            return List.of(new SignatureReport.Check("receipt.signature", SignatureReport.Verdict.FAILED,
                    "the receipt's Ed25519 signature does not verify"));
        };
        VeniceClient c = client(b -> b.receiptVerifier(refusing));
        try (E2eeSession session = c.openSession(GATEWAY_MODEL)) {
            ChatCompletion done = session.chat(prompt()).readAll();
            SignatureReport r = session.verifySignature(done);
            assertThat(seen.get().get(0)).contains("\"receipt\"");
            assertThat(seen.get().subList(1, 3)).containsExactly(GATEWAY_MODEL, done.id());
            assertThat(seen.get().get(3)).as("the attestation passed is the session's").isEqualToIgnoringCase(
                    session.signingAddress());
            assertThat(r.check("signature.address").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.check("receipt.signature").orElseThrow().verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            assertThat(r.check("signature.receipt")).as("the receipt was checked, not reported unchecked").isEmpty();
            assertThat(r.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            assertThat(r.signedByEnclave()).isFalse();
        }
        seen.set(null);
        VeniceClient requiring = client(b -> b.receiptVerifier(refusing).requireSignature(true));
        assertThatThrownBy(() -> requiring.chat(GATEWAY_MODEL, prompt()).readAll())
                .isInstanceOf(ResponseSignatureException.NotVerified.class);
        assertThat(seen.get()).isNotNull();
    }
}
