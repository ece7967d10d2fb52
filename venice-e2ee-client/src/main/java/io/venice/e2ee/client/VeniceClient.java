package io.venice.e2ee.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatRequestEncoder;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.chat.MessageEncryption;
import io.venice.e2ee.chat.StreamOptions;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.signature.SignatureVerifier;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.jdk.JdkTransport;
import io.venice.e2ee.transport.TransportException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Venice client: models, attestation, end-to-end-encrypted sessions, chats and response signatures. Built
 * with {@link #builder()}; thread-safe; close it to release its threads (and its transport, if it made it).
 *
 * <pre>{@code
 * try (VeniceClient client = VeniceClient.builder().apiKey(System.getenv("API_KEY_VENICE")).build();
 *      E2eeSession session = client.openSession("e2ee-qwen3-5-122b-a10b");
 *      ChatStream answer = session.chat(ChatRequest.ofUser("What is 2+2?"))) {
 *     for (ChatDelta d : answer) System.out.print(d.text());
 * }
 * }</pre>
 * Every blocking method has an async twin returning a {@link CompletionStage}.
 */
public final class VeniceClient implements AutoCloseable {
    /** Venice's API. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.venice.ai/api/v1");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final String apiKey;
    private final URI baseUrl;
    private final Transport transport;
    private final boolean ownsTransport;
    private final CryptoSuite crypto;
    private final EnvelopeCipher cipher;
    private final VerificationPolicy policy;
    private final Timeouts timeouts;
    private final RetryPolicy retry;
    private final Clock clock;
    private final MessageEncryption messageEncryption;
    private final boolean allowPlaintextDeltas;
    private final boolean keepRawResponses;
    private final boolean strictSignatureHashes;
    private final ExecutorService ownDecryptPool;
    private final StreamOptions streamOptions;
    private final ScheduledExecutorService scheduler;
    private final SecureRandom random = new SecureRandom();

    private VeniceClient(Builder b) {
        this.apiKey = b.apiKey;
        this.baseUrl = stripSlash(b.baseUrl);
        this.timeouts = b.timeouts;
        this.ownsTransport = b.transport == null;
        this.transport = b.transport != null ? b.transport : JdkTransport.create(timeouts.connect());
        this.crypto = b.crypto != null ? b.crypto : CryptoSuite.defaults();
        this.cipher = new EnvelopeCipher(crypto);
        this.policy = b.policy != null ? b.policy : VerificationPolicy.defaults();
        this.retry = b.retry;
        this.clock = b.clock;
        this.messageEncryption = b.messageEncryption;
        this.allowPlaintextDeltas = b.allowPlaintextDeltas;
        this.keepRawResponses = b.keepRawResponses;
        this.strictSignatureHashes = b.strictSignatureHashes;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("venice-e2ee-timer"));
        if (b.decryptExecutor == null) {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            this.ownDecryptPool = Executors.newFixedThreadPool(threads, daemon("venice-e2ee-decrypt"));
        } else {
            this.ownDecryptPool = null;
        }
        this.streamOptions = new StreamOptions(b.decryptExecutor != null ? b.decryptExecutor : ownDecryptPool,
                scheduler, timeouts.idle(), 256, keepRawResponses);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, e.g. {@code https://api.venice.ai/api/v1}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The attestation policy sessions are opened under. */
    public VerificationPolicy policy() {
        return policy;
    }

    /** The crypto suite in use. */
    public CryptoSuite crypto() {
        return crypto;
    }

    // ---- models

    /** The models Venice lists, with their TEE and E2EE capabilities (retried when the call fails transiently). */
    public List<ModelInfo> listModels() {
        return join(listModelsAsync());
    }

    /** Async form of {@link #listModels()}. */
    public CompletionStage<List<ModelInfo>> listModelsAsync() {
        return withRetry(() -> getJson("/models", Map.of()), VeniceClient::transient_)
                .thenApply(VeniceClient::parseModels);
    }

    // ---- attestation

    /** Fetches the model's attestation with a fresh 32-byte nonce and verifies it under the policy. */
    public Attestation attest(String model) {
        return join(attestAsync(model));
    }

    /** Async form of {@link #attest(String)}; each retry uses a new nonce. */
    public CompletionStage<Attestation> attestAsync(String model) {
        Objects.requireNonNull(model, "model");
        return withRetry(() -> {
            byte[] nonce = new byte[32];
            random.nextBytes(nonce);
            Map<String, String> q = new LinkedHashMap<>();
            q.put("model", model);
            q.put("nonce", Hex.encode(nonce));
            // verification is CPU work: keep it off the transport's I/O thread (an event loop, with Vert.x)
            return getJson("/tee/attestation", q).thenApplyAsync(json -> verifyAttestation(model, nonce, json),
                    cryptoExecutor());
        }, e -> transient_(e) || e instanceof VeniceProtocolException.ServerRefused r
                && (r.error() == VeniceError.ATTESTATION_FAILED || r.error() == VeniceError.NONCE_MISMATCH));
    }

    private Attestation verifyAttestation(String model, byte[] nonce, byte[] json) {
        AttestationReport report = AttestationReport.parse(json);
        VerificationContext ctx = VerificationContext.builder().expectedNonce(nonce).at(clock.instant()).build();
        VerificationReport vr = AttestationVerification.verify(report, policy, ctx);
        return new Attestation(model, nonce, report, vr, rawModelKey(json), json);
    }

    /** The model key exactly as served ({@code signing_key}, else {@code signing_public_key}). */
    private static String rawModelKey(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            for (String f : new String[] {"signing_key", "signing_public_key"}) {
                JsonNode v = n.get(f);
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    return v.asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    // ---- sessions and chats

    /** Attests {@code model}, verifies it under the policy, and opens a session with a fresh key pair. */
    public E2eeSession openSession(String model) {
        return join(openSessionAsync(model));
    }

    /** Async form of {@link #openSession(String)}. */
    public CompletionStage<E2eeSession> openSessionAsync(String model) {
        return attestAsync(model).thenApplyAsync(a -> new E2eeSession(this, model, a), cryptoExecutor());
    }

    /**
     * One chat: for an {@code e2ee-*} model a session is opened for it and closed (keys erased) when the stream
     * ends or is closed; any other model gets a plain streamed chat. Blocks until the answer starts.
     */
    public ChatStream chat(String model, ChatRequest request) {
        return join(chatAsync(model, request));
    }

    /** Async form of {@link #chat(String, ChatRequest)}. */
    public CompletionStage<ChatStream> chatAsync(String model, ChatRequest request) {
        if (!isE2eeModel(model)) {
            return plainChatAsync(model, request);
        }
        return openSessionAsync(model).thenCompose(session -> session.chatAsync(request)
                .whenComplete((stream, e) -> {
                    if (e != null) {
                        session.close();
                    } else {
                        stream.completion().whenComplete((c, x) -> session.close());
                    }
                }));
    }

    /** A plain streamed chat with a {@code tee-*} (or any non-E2EE) model: nothing is encrypted. */
    public CompletionStage<ChatStream> plainChatAsync(String model, ChatRequest request) {
        byte[] body = ChatRequestEncoder.encodePlain(request, model);
        return startStream(Map.of(), body, ChunkDecryptor.plaintext());
    }

    /** Whether {@code model} is end-to-end encrypted by its name ({@code e2ee-*}). */
    public static boolean isE2eeModel(String model) {
        return model != null && model.startsWith("e2ee-");
    }

    CompletableFuture<ChatStream> startStream(Map<String, String> extraHeaders, byte[] body, ChunkDecryptor decryptor) {
        URI uri = resolve("/chat/completions", Map.of());
        Map<String, String> headers = new LinkedHashMap<>(authHeaders());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "text/event-stream");
        headers.putAll(extraHeaders);
        Transport.Request req = Transport.Request.post(uri, headers, body, timeouts.response());
        return transport.stream(req).thenCompose(resp -> {
            if (resp.status() / 100 != 2) {
                return readBounded(resp.body()).thenApply(errorBody -> {
                    throw new CompletionException(HttpErrors.of(uri, resp.status(),
                            resp.header("Retry-After").orElse(null), errorBody, clock));
                });
            }
            ChatStream s = ChatStream.start(resp, uri, decryptor, streamOptions, body, null);
            return s.firstText().handle((v, e) -> {
                if (e != null) {
                    s.close();
                    throw new CompletionException(unwrap(e));
                }
                return s;
            });
        });
    }

    // ---- signatures

    /** Fetches the signature of a completion (retried while it is not yet available). */
    public ResponseSignature fetchSignature(String model, String requestId) {
        return join(fetchSignatureAsync(model, requestId));
    }

    /** Async form of {@link #fetchSignature(String, String)}. */
    public CompletionStage<ResponseSignature> fetchSignatureAsync(String model, String requestId) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("model", Objects.requireNonNull(model, "model"));
        q.put("request_id", Objects.requireNonNull(requestId, "requestId"));
        // a signature can lag the end of its stream: a 404 is worth retrying too
        return withRetry(() -> getJson("/tee/signature", q), e -> transient_(e)
                || e instanceof TransportException.HttpStatus h && h.status() == 404)
                .thenApply(ResponseSignature::parse);
    }

    /**
     * Verifies the signature of an earlier completion against a fresh attestation of {@code model}: the signer must
     * be the attested address; the hashes are reported unverifiable since the bytes were not kept.
     */
    public SignatureReport verifySignature(String model, String requestId) {
        return join(verifySignatureAsync(model, requestId));
    }

    /** Async form of {@link #verifySignature(String, String)}. */
    public CompletionStage<SignatureReport> verifySignatureAsync(String model, String requestId) {
        return attestAsync(model).thenCompose(a -> fetchSignatureAsync(model, requestId)
                .thenApply(sig -> signatureVerifier().verify(sig, attestedAddress(a), model, null, null)));
    }

    /**
     * Verifies the signature of a completion against an attestation of its model (e.g. a {@code tee-*} chat): the
     * signer must be the attested address; the hashes are checked when the raw response was kept.
     */
    public SignatureReport verifySignature(Attestation attestation, ChatCompletion completion) {
        return join(verifySignatureAsync(attestation, completion));
    }

    /** Async form of {@link #verifySignature(Attestation, ChatCompletion)}. */
    public CompletionStage<SignatureReport> verifySignatureAsync(Attestation attestation, ChatCompletion completion) {
        if (completion.id() == null) {
            return CompletableFuture.failedFuture(new VeniceProtocolException.MalformedChunk(0,
                    "the answer carried no completion id, so its signature cannot be fetched", null));
        }
        String model = attestation.model();
        return fetchSignatureAsync(model, completion.id()).thenApply(sig -> signatureVerifier().verify(sig,
                attestedAddress(attestation), model, completion.requestBody(), completion.rawResponse()));
    }

    SignatureVerifier signatureVerifier() {
        return new SignatureVerifier(crypto.signatureRecovery(), strictSignatureHashes);
    }

    static String attestedAddress(Attestation a) {
        if (a.report().signingPublicKey() != null) {
            return io.venice.e2ee.crypto.EthAddress.ofPublicKey(a.report().signingPublicKey()).toLowerCase();
        }
        return a.report().signingAddress().toOptional().orElse(null);
    }

    // ---- plumbing

    EnvelopeCipher cipher() {
        return cipher;
    }

    /** Where CPU-bound work runs (decryption, encryption, attestation checks): never the transport's I/O thread. */
    java.util.concurrent.Executor cryptoExecutor() {
        return streamOptions.decryptExecutor();
    }

    MessageEncryption messageEncryption() {
        return messageEncryption;
    }

    boolean allowPlaintextDeltas() {
        return allowPlaintextDeltas;
    }

    private CompletableFuture<byte[]> getJson(String path, Map<String, String> query) {
        URI uri = resolve(path, query);
        Map<String, String> headers = new LinkedHashMap<>(authHeaders());
        headers.put("Accept", "application/json");
        return transport.send(Transport.Request.get(uri, headers, timeouts.response())).thenApply(r -> {
            if (r.status() / 100 != 2) {
                throw new CompletionException(HttpErrors.of(uri, r.status(), r.header("Retry-After").orElse(null),
                        r.body(), clock));
            }
            return r.body();
        });
    }

    private Map<String, String> authHeaders() {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    private URI resolve(String path, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(baseUrl.toString()).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(sb.toString());
    }

    private static boolean transient_(Throwable e) {
        return e instanceof TransportException t && t.retryable();
    }

    private <T> CompletableFuture<T> withRetry(Supplier<CompletableFuture<T>> call, Predicate<Throwable> retryable) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(1, call, retryable, result);
        return result;
    }

    private <T> void attempt(int n, Supplier<CompletableFuture<T>> call, Predicate<Throwable> retryable,
                             CompletableFuture<T> result) {
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        f.whenComplete((v, e) -> {
            if (e == null) {
                result.complete(v);
                return;
            }
            Throwable c = unwrap(e);
            Duration retryAfter = c instanceof TransportException.HttpStatus h ? h.retryAfter().orElse(null) : null;
            boolean allowed = retryAfter == null || retryAfter.compareTo(retry.maxRetryAfter()) <= 0;
            if (n < retry.maxAttempts() && allowed && retryable.test(c)) {
                scheduler.schedule(() -> attempt(n + 1, call, retryable, result),
                        retry.delay(n, retryAfter).toMillis(), TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(c);
            }
        });
    }

    private static List<ModelInfo> parseModels(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CompletionException(new VeniceProtocolException.MalformedChunk(0, "the model list is not JSON", e));
        }
        List<ModelInfo> out = new ArrayList<>();
        for (JsonNode m : root.path("data")) {
            JsonNode spec = m.path("model_spec");
            JsonNode caps = spec.path("capabilities");
            out.add(new ModelInfo(m.path("id").asText(null), spec.path("name").asText(null), m.path("type").asText(null),
                    caps.path("supportsTeeAttestation").asBoolean(false), caps.path("supportsE2EE").asBoolean(false)));
        }
        return List.copyOf(out);
    }

    /** Collects an error body (bounded), for the message. */
    private static CompletableFuture<byte[]> readBounded(Flow.Publisher<List<ByteBuffer>> body) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        body.subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                s = subscription;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer b : item) {
                    int n = Math.min(b.remaining(), MAX_ERROR_BODY - out.size());
                    byte[] chunk = new byte[n];
                    b.get(chunk);
                    out.write(chunk, 0, n);
                }
                if (out.size() >= MAX_ERROR_BODY) {
                    s.cancel();
                    f.complete(out.toByteArray());
                }
            }

            @Override
            public void onError(Throwable t) {
                f.complete(out.toByteArray());
            }

            @Override
            public void onComplete() {
                f.complete(out.toByteArray());
            }
        });
        return f;
    }

    static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Waits for a stage and rethrows its failure as is (typed), never wrapped. */
    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = unwrap(e);
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    private static URI stripSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Releases the client's threads, and its transport if the client created it. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        if (ownDecryptPool != null) {
            ownDecryptPool.shutdownNow();
        }
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Builds a {@link VeniceClient}. */
    public static final class Builder {
        private String apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private Transport transport;
        private CryptoSuite crypto;
        private VerificationPolicy policy;
        private Timeouts timeouts = Timeouts.defaults();
        private RetryPolicy retry = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private MessageEncryption messageEncryption = MessageEncryption.ALL_ROLES;
        private boolean allowPlaintextDeltas;
        private boolean keepRawResponses;
        private boolean strictSignatureHashes;
        private java.util.concurrent.Executor decryptExecutor;

        private Builder() {
        }

        /** The API key (sent as a bearer token); none for a local server that needs none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API base URL including {@code /api/v1}; default {@code https://api.venice.ai/api/v1}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** String form of {@link #baseUrl(URI)}. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /** The HTTP transport; default a {@link JdkTransport} owned (and closed) by the client. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** The crypto suite; default {@link CryptoSuite#defaults()}. */
        public Builder crypto(CryptoSuite crypto) {
            this.crypto = crypto;
            return this;
        }

        /** The attestation policy sessions must pass; default {@link VerificationPolicy#defaults()}. */
        public Builder policy(VerificationPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Time limits; default {@link Timeouts#defaults()}. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Retries of models, attestation and signature calls; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** The clock that dates attestation verification; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Which messages are encrypted; default every role. */
        public Builder messageEncryption(MessageEncryption which) {
            this.messageEncryption = Objects.requireNonNull(which, "which");
            return this;
        }

        /** Lets plaintext deltas through in an E2EE session instead of failing with a downgrade error (unsafe). */
        public Builder allowPlaintextDeltas(boolean allow) {
            this.allowPlaintextDeltas = allow;
            return this;
        }

        /** Keeps each chat's raw response bytes, so response signatures can check the response hash. */
        public Builder keepRawResponses(boolean keep) {
            this.keepRawResponses = keep;
            return this;
        }

        /** Treats a signed hash that differs from the kept bytes as failed rather than unverifiable. */
        public Builder strictSignatureHashes(boolean strict) {
            this.strictSignatureHashes = strict;
            return this;
        }

        /** Where chunks are decrypted; default a pool owned by the client, one thread per core. */
        public Builder decryptExecutor(java.util.concurrent.Executor executor) {
            this.decryptExecutor = executor;
            return this;
        }

        /** The client. */
        public VeniceClient build() {
            return new VeniceClient(this);
        }
    }

}
