package io.venice.e2ee.client;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.client.audit.AuditWriter;
import io.venice.e2ee.client.cache.DiskStore;
import io.venice.e2ee.client.collateral.AnswerGate;
import io.venice.e2ee.client.collateral.CachingSource;
import io.venice.e2ee.client.collateral.CollateralFetcher;
import io.venice.e2ee.client.collateral.CollateralSource;
import io.venice.e2ee.client.collateral.NrasSource;
import io.venice.e2ee.client.collateral.PcsSource;
import io.venice.e2ee.client.progress.ProgressListener;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatRequestEncoder;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.chat.MessageEncryption;
import io.venice.e2ee.chat.PrivacyMode;
import io.venice.e2ee.chat.StreamLimits;
import io.venice.e2ee.chat.StreamOptions;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.signature.AciReceiptVerifier;
import io.venice.e2ee.signature.ReceiptVerifier;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.jdk.JdkTransport;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Venice client: models, attestation, end-to-end-encrypted sessions, chats and response signatures. Built
 * with {@link #builder()}; thread-safe; close it to release its threads (and its transport, if it made it).
 *
 * <p>How a chat travels comes from the model list's capabilities, never from the model's name
 * ({@link #privacyMode(String)}): end to end for a model that supports it, TEE-only or plaintext only when the builder
 * allows it, and a model whose capabilities cannot be known is refused when its id looks private. The base URL must be
 * {@code https://} ({@code http://} to loopback only).
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
    /**
     * The TEE gateway Venice reaches its {@code -p} models through (Phala's {@code private-ai-gateway}), which
     * {@link Builder#verifyGatewayAttestation()} asks when the base URL is Venice's.
     */
    public static final URI DEFAULT_GATEWAY_URL = URI.create("https://api.redpill.ai");
    /** How long a verified attestation is reused for new sessions by default. */
    public static final Duration DEFAULT_ATTESTATION_TTL = Duration.ofMinutes(10);

    private final URI baseUrl;
    private final Transport transport;
    private final boolean ownsTransport;
    private final CryptoSuite crypto;
    private final VerificationPolicy policy;
    private final ExecutorService ownDecryptPool;
    private final ScheduledExecutorService scheduler;
    private final Executor cpu;
    private final VeniceApi api;
    private final Attestor attestor;
    private final AttestationCache attestations;
    private final ChatSender chats;
    private final SignatureChecker signatures;
    private final GatewayAttestor gateways;
    private final SessionServices sessions;
    private final ModelCatalog catalog;
    private final boolean teeOnly;
    private final boolean allowPlaintext;
    private final boolean requireSignature;
    private final AuditTrail audit;
    private final Duration auditWait;

    private VeniceClient(Builder b) {
        this.baseUrl = BaseUrls.requireSafe(stripSlash(b.baseUrl));
        // refused before any thread or connection exists
        URI gateway = b.gatewayUrl != null ? b.gatewayUrl : b.gatewayAtDefault ? defaultGateway(baseUrl) : null;
        gateway = gateway == null ? null : BaseUrls.requireSafe(stripSlash(gateway),
                PrivacyException.InsecureBaseUrl.GATEWAY_URL);
        this.teeOnly = b.teeOnly;
        this.allowPlaintext = b.allowPlaintext;
        this.requireSignature = b.requireSignature;
        this.ownsTransport = b.transport == null;
        this.transport = b.transport != null ? b.transport : JdkTransport.create(b.timeouts.connect());
        this.crypto = b.crypto != null ? b.crypto : CryptoSuite.defaults();
        this.policy = b.policy != null ? b.policy : VerificationPolicy.builder().level(VerificationPolicy.Level.FULL)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("venice-e2ee-timer"));
        if (b.decryptExecutor == null) {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            this.ownDecryptPool = Executors.newFixedThreadPool(threads, daemon("venice-e2ee-decrypt"));
        } else {
            this.ownDecryptPool = null;
        }
        // CPU work (decryption, encryption, attestation checks) runs here: never on the transport's I/O thread
        this.cpu = b.decryptExecutor != null ? b.decryptExecutor : ownDecryptPool;
        this.api = new RetryingVeniceApi(new TransportVeniceApi(transport, baseUrl, b.apiKey, b.timeouts.response(),
                b.timeouts.total(), b.maxJsonBodyBytes, b.clock), b.retry, scheduler);
        CollateralFetcher collateral = new CollateralFetcher(collateralSource(b, transport, policy, cpu),
                b.clock, b.progress);
        this.attestor = new Attestor(api, policy, b.clock, cpu, collateral, b.progress);
        this.attestations = new AttestationCache(attestor, b.freshAttestation ? Duration.ZERO : b.attestationTtl,
                b.clock, b.cacheDirectory == null ? null : new DiskStore(b.cacheDirectory.resolve("attestations")),
                baseUrl.toString(), cpu);
        boolean auditing = b.auditDirectory != null;
        this.auditWait = b.timeouts.response();
        this.chats = new ChatSender(api, new StreamOptions(cpu, scheduler, b.timeouts.idle(), 256,
                b.hashResponses || auditing, auditing, b.streamLimits, b.timeouts.total()));
        this.gateways = gateway == null ? null : new GatewayAttestor(api, gateway, policy, b.clock, cpu, collateral,
                b.progress);
        this.signatures = new SignatureChecker(api, crypto, b.strictSignatureHashes, b.receiptVerifier, gateways);
        this.audit = auditing ? new AuditTrail(new AuditWriter(b.auditDirectory, b.clock), baseUrl, policy, signatures,
                b.auditPlaintext, b.strictSignatureHashes, cpu, b.clock) : null;
        this.sessions = new SessionServices(attestations, chats, signatures, new EnvelopeCipher(crypto),
                b.messageEncryption, b.allowPlaintextDeltas, b.refusePlaintextReasoning, b.requireSignature, cpu,
                audit);
        this.catalog = new ModelCatalog(api, b.clock, b.modelListTtl);
    }

    /**
     * Intel's and NVIDIA's services as the builder names them (Intel PCS and NVIDIA NRAS by default), fetched through
     * the client's transport, behind the answer cache (memory, and disk with a cache directory), whose gate checks
     * each answer against the policy's trust anchors before keeping it.
     */
    private static CollateralSource collateralSource(Builder b, Transport transport, VerificationPolicy policy,
                                                     Executor cpu) {
        CollateralSource upstream = b.collateralSource != null ? b.collateralSource : CollateralSource.routing(
                PcsSource.builder(transport).baseUrl(b.pccs).timeout(b.timeouts.response())
                        .maxBodyBytes(b.maxJsonBodyBytes).clock(b.clock).build(),
                NrasSource.builder(transport).baseUrl(b.nrasUrl).timeout(b.timeouts.response())
                        .maxBodyBytes(b.maxJsonBodyBytes).clock(b.clock).build());
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(PinnedRoots.intelSgxRootCa());
        anchors.addAll(policy.extraTrustAnchors());
        return new CachingSource(upstream, new AnswerGate(anchors, b.keySetLifetime), b.clock, b.collateralFailureTtl,
                cpu, b.cacheDirectory == null ? null : new DiskStore(b.cacheDirectory.resolve("collateral")));
    }

    /**
     * The gateway {@link Builder#verifyGatewayAttestation()} asks for {@code baseUrl}: {@link #DEFAULT_GATEWAY_URL}
     * for Venice's own API, else the base URL's own origin (scheme, host and port), where a local Venice such as the
     * simulator serves it.
     */
    public static URI defaultGateway(URI baseUrl) {
        if (BaseUrls.isVenice(baseUrl)) {
            return DEFAULT_GATEWAY_URL;
        }
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority());
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

    /**
     * The models Venice lists, with their TEE and E2EE capabilities, fetched now (retried when the call fails
     * transiently); the list privacy decisions read is replaced by it.
     */
    public List<ModelInfo> listModels() {
        return Futures.join(listModelsAsync());
    }

    /** Async form of {@link #listModels()}. */
    public CompletionStage<List<ModelInfo>> listModelsAsync() {
        return catalog.refresh();
    }

    // ---- privacy

    /**
     * How {@link #chat(String, ChatRequest)} would send to {@code model}, from the model list's capabilities (kept
     * for the builder's {@code modelListTtl}) and the builder's {@code teeOnly} and {@code allowPlaintext}.
     *
     * @throws PrivacyException when no mode the builder allows fits the model, or its capabilities cannot be known
     *                          and its id looks private
     */
    public PrivacyMode privacyMode(String model) {
        return Futures.join(privacyModeAsync(model));
    }

    /** Async form of {@link #privacyMode(String)}. */
    public CompletionStage<PrivacyMode> privacyModeAsync(String model) {
        return privacyModeAsync(model, teeOnly, allowPlaintext);
    }

    /**
     * How a chat with {@code model} may travel when the caller, not the builder, says what it allows for this one
     * decision (a proxy honouring a request's own TEE-only ask, an integration that speaks end to end only), from the
     * same cached model list as {@link #privacyMode(String)}.
     *
     * @param teeOnly        whether TEE-only was asked for (an E2EE-capable model is then used TEE-only)
     * @param allowPlaintext whether a model that offers no privacy may be sent to in plaintext
     * @throws PrivacyException when no mode allowed fits the model, or its capabilities cannot be known
     */
    public PrivacyMode privacyMode(String model, boolean teeOnly, boolean allowPlaintext) {
        return Futures.join(privacyModeAsync(model, teeOnly, allowPlaintext));
    }

    /**
     * Async form of {@link #privacyMode(String, boolean, boolean)}: never blocks the caller; the stage completes once
     * the model list is known (at once while it is cached).
     */
    public CompletionStage<PrivacyMode> privacyModeAsync(String model, boolean teeOnly, boolean allowPlaintext) {
        Objects.requireNonNull(model, "model");
        return catalog.models().handle((list, e) -> ModelPrivacy.choose(model, e == null ? list : null,
                e == null ? null : Futures.unwrap(e), teeOnly, allowPlaintext));
    }

    // ---- attestation

    /** Fetches the model's attestation with a fresh 32-byte nonce and verifies it under the policy. */
    public Attestation attest(String model) {
        return Futures.join(attestAsync(model));
    }

    /** Async form of {@link #attest(String)}; each retry uses a new nonce. */
    public CompletionStage<Attestation> attestAsync(String model) {
        Objects.requireNonNull(model, "model");
        return attestor.attest(model);
    }

    /**
     * Fetches the model's attestation with the caller's {@code nonce} (exactly 32 bytes: e.g. one an auditor chose)
     * and verifies it under the policy.
     *
     * @throws IllegalArgumentException before any request when {@code nonce} is not 32 bytes
     */
    public Attestation attest(String model, byte[] nonce) {
        return Futures.join(attestAsync(model, nonce));
    }

    /**
     * Async form of {@link #attest(String, byte[])}; retries ask with the same nonce.
     *
     * @throws IllegalArgumentException at once (not in the stage) when {@code nonce} is not 32 bytes
     */
    public CompletionStage<Attestation> attestAsync(String model, byte[] nonce) {
        Objects.requireNonNull(model, "model");
        TransportVeniceApi.requireNonce(Objects.requireNonNull(nonce, "nonce"));
        return attestor.attest(model, nonce);
    }

    /**
     * The base URL of the TEE gateway whose own attestation this client verifies online, when the builder asked for
     * it ({@link Builder#verifyGatewayAttestation(URI)}); empty otherwise.
     */
    public Optional<URI> gatewayUrl() {
        return Optional.ofNullable(gateways).map(GatewayAttestor::gateway);
    }

    /**
     * The online step for the gateway in front of {@code attestation}'s model (see {@link GatewayAttestation}): kept
     * from an earlier call for the same attestation, or run now. It never throws for what the gateway does: a
     * refused answer or a failed fetch is its status, with the reason. A receipt of a completion checked against this
     * attestation is given its keyset.
     *
     * @throws IllegalStateException when the builder did not ask for {@code verifyGatewayAttestation}
     */
    public GatewayAttestation attestGateway(Attestation attestation) {
        return Futures.join(attestGatewayAsync(attestation));
    }

    /** Async form of {@link #attestGateway(Attestation)}. */
    public CompletionStage<GatewayAttestation> attestGatewayAsync(Attestation attestation) {
        Objects.requireNonNull(attestation, "attestation");
        if (gateways == null) {
            throw new IllegalStateException("this client verifies no gateway online: build it with"
                    + " verifyGatewayAttestation(...)");
        }
        return gateways.attest(attestation);
    }

    // ---- sessions and chats

    /**
     * Opens a session with {@code model} and a fresh key pair, on an attestation verified under the policy: a kept
     * one while it is current (see {@link Builder#attestationTtl}), else a fresh one.
     */
    public E2eeSession openSession(String model) {
        return Futures.join(openSessionAsync(model));
    }

    /** Async form of {@link #openSession(String)}. */
    public CompletionStage<E2eeSession> openSessionAsync(String model) {
        Objects.requireNonNull(model, "model");
        return attestations.get(model).thenApplyAsync(a -> {
            E2eeSession session = new E2eeSession(model, a, sessions);
            if (audit != null) {
                try {
                    audit.session(a);
                } catch (RuntimeException e) {
                    session.close();
                    throw e;
                }
            }
            return session;
        }, cpu);
    }

    /** The audit bundles this client writes, when it was built with an audit directory. */
    public Optional<AuditTrail> auditTrail() {
        return Optional.ofNullable(audit);
    }

    /**
     * One chat, sent as {@link #privacyMode(String)} says: end to end through a session opened for it and closed
     * (keys erased) when the stream ends or is closed; TEE-only after its attestation passed the policy; in plaintext
     * only when the builder allows it. Blocks until the answer starts.
     *
     * @throws PrivacyException when the model cannot be sent to with the privacy the builder allows; nothing is sent
     */
    public ChatStream chat(String model, ChatRequest request) {
        return Futures.join(chatAsync(model, request));
    }

    /** Async form of {@link #chat(String, ChatRequest)}. */
    public CompletionStage<ChatStream> chatAsync(String model, ChatRequest request) {
        return privacyModeAsync(model).thenCompose(mode -> switch (mode) {
            case END_TO_END -> endToEndChatAsync(model, request);
            case TEE_ONLY -> teeOnlyChatAsync(model, request);
            case PLAINTEXT -> plainChatAsync(model, request);
        });
    }

    private CompletionStage<ChatStream> endToEndChatAsync(String model, ChatRequest request) {
        return openSessionAsync(model).thenCompose(session -> session.chatAsync(request)
                .whenComplete((stream, e) -> {
                    if (e != null) {
                        session.close();
                    } else {
                        stream.completion().whenComplete((c, x) -> session.close());
                    }
                }));
    }

    /** Blocking form of {@link #teeOnlyChatAsync(String, ChatRequest)}: blocks until the answer starts. */
    public ChatStream teeOnlyChat(String model, ChatRequest request) {
        return Futures.join(teeOnlyChatAsync(model, request));
    }

    /**
     * A TEE-only chat: attests {@code model} and, once the attestation passes the policy, sends the request in
     * plaintext with {@code venice_parameters.enable_e2ee: false} (Venice can read it; the enclave is verified).
     *
     * @throws SessionException.AttestationRejected (in the stage) when the attestation does not pass; nothing is sent
     */
    public CompletionStage<ChatStream> teeOnlyChatAsync(String model, ChatRequest request) {
        return attestAsync(model).thenCompose(a -> teeOnlyChatAsync(a, request));
    }

    /**
     * A TEE-only chat with the model of {@code attestation}, which must have passed the policy (e.g. one a caller
     * printed before sending).
     */
    public CompletionStage<ChatStream> teeOnlyChatAsync(Attestation attestation, ChatRequest request) {
        if (!attestation.passed()) {
            return CompletableFuture.failedFuture(new SessionException.AttestationRejected(attestation.model(),
                    attestation.verification()));
        }
        byte[] body;
        try {
            body = ChatRequestEncoder.encodeTeeOnly(request, attestation.model());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return chats.send(Map.of(), body, ChunkDecryptor.teeOnly(), requireSignature
                ? signatures.requirement(attestation) : null);
    }

    /**
     * A plaintext streamed chat: nothing is encrypted or attested. For a model the caller knows offers no privacy;
     * {@link #chat(String, ChatRequest)} picks it only when plaintext is allowed.
     */
    public CompletionStage<ChatStream> plainChatAsync(String model, ChatRequest request) {
        try {
            return chats.send(Map.of(), ChatRequestEncoder.encodePlain(request, model), ChunkDecryptor.plaintext());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- signatures

    /** Fetches the signature of a completion (retried while it is not yet available). */
    public ResponseSignature fetchSignature(String model, String requestId) {
        return Futures.join(fetchSignatureAsync(model, requestId));
    }

    /** Async form of {@link #fetchSignature(String, String)}. */
    public CompletionStage<ResponseSignature> fetchSignatureAsync(String model, String requestId) {
        return api.signature(model, requestId);
    }

    /**
     * Verifies the signature of an earlier completion against a fresh attestation of {@code model}: the signer must
     * be the attested address; the hashes are reported unverifiable since the exchange is not known here.
     */
    public SignatureReport verifySignature(String model, String requestId) {
        return Futures.join(verifySignatureAsync(model, requestId));
    }

    /** Async form of {@link #verifySignature(String, String)}. */
    public CompletionStage<SignatureReport> verifySignatureAsync(String model, String requestId) {
        return attestAsync(model).thenCompose(a -> signatures.check(a, requestId));
    }

    /**
     * Verifies the signature of a completion against an attestation of its model (e.g. a {@code tee-*} chat): the
     * signer must be the attested address; the request hash is checked, and the response hash when the client hashes
     * responses.
     */
    public SignatureReport verifySignature(Attestation attestation, ChatCompletion completion) {
        return Futures.join(verifySignatureAsync(attestation, completion));
    }

    /** Async form of {@link #verifySignature(Attestation, ChatCompletion)}. */
    public CompletionStage<SignatureReport> verifySignatureAsync(Attestation attestation, ChatCompletion completion) {
        return signatures.check(attestation, completion);
    }

    // ---- plumbing

    private static URI stripSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Releases the client's threads, and its transport if the client created it, after waiting (up to the response
     * timeout) for the audit bundles still being written.
     */
    @Override
    public void close() {
        if (audit != null) {
            audit.await(auditWait.toMillis());
        }
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
        private StreamLimits streamLimits = StreamLimits.defaults();
        private long maxJsonBodyBytes = Transport.Request.DEFAULT_MAX_BODY_BYTES;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private MessageEncryption messageEncryption = MessageEncryption.ALL_ROLES;
        private boolean allowPlaintextDeltas;
        private boolean refusePlaintextReasoning;
        private boolean hashResponses;
        private boolean strictSignatureHashes;
        private Executor decryptExecutor;
        private boolean teeOnly;
        private boolean allowPlaintext;
        private boolean requireSignature;
        private Duration modelListTtl = Duration.ofMinutes(5);
        private ReceiptVerifier receiptVerifier = new AciReceiptVerifier();
        private URI gatewayUrl;
        private boolean gatewayAtDefault;
        private URI pccs = PcsSource.INTEL_PCS;
        private URI nrasUrl = NrasSource.NVIDIA_NRAS;
        private CollateralSource collateralSource;
        private Path cacheDirectory;
        private Duration attestationTtl = DEFAULT_ATTESTATION_TTL;
        private boolean freshAttestation;
        private Duration collateralFailureTtl = Duration.ofSeconds(30);
        private Duration keySetLifetime = Duration.ofHours(1);
        private Path auditDirectory;
        private boolean auditPlaintext;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /** The API key (sent as a bearer token); none for a local server that needs none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * The API base URL including {@code /api/v1}; default {@code https://api.venice.ai/api/v1}. It must be
         * {@code https://}, or {@code http://} to a loopback address ({@link #build()} refuses any other with
         * {@link PrivacyException.InsecureBaseUrl}).
         */
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

        /**
         * The attestation policy sessions must pass; default level {@code full} with the pinned roots only: Intel's
         * collateral and NVIDIA's remote attestation fetched (see {@link #pccs}, {@link #nrasUrl}) and checked. A
         * lower level fetches nothing.
         */
        public Builder policy(VerificationPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Time limits; default {@link Timeouts#defaults()}. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /**
         * How large a streamed answer may grow (event size, chunks, bytes); default {@link StreamLimits#defaults()}.
         * An answer beyond them ends with {@link io.venice.e2ee.protocol.VeniceProtocolException.LimitExceeded}.
         */
        public Builder streamLimits(StreamLimits limits) {
            this.streamLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The most bytes of one JSON answer (models, attestation, signatures, and Intel's and NVIDIA's services);
         * default {@link Transport.Request#DEFAULT_MAX_BODY_BYTES} (64 MiB). A longer answer is refused while it
         * arrives, never held whole, with {@link io.venice.e2ee.transport.TransportException.BodyTooLarge}.
         * Streamed answers are bounded by {@link #streamLimits(StreamLimits)} instead.
         *
         * @throws IllegalArgumentException unless between 1 byte and the longest byte array
         */
        public Builder maxJsonBodyBytes(long maxBytes) {
            this.maxJsonBodyBytes = Transport.Request.requireMaxBodyBytes(maxBytes);
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

        /**
         * Refuses plaintext reasoning in an end-to-end-encrypted answer as a downgrade; by default it is delivered
         * and recorded as a {@link io.venice.e2ee.chat.ConfidentialityWarning} in the completion.
         */
        public Builder refusePlaintextReasoning(boolean refuse) {
            this.refusePlaintextReasoning = refuse;
            return this;
        }

        /**
         * Computes the SHA-256 of each chat's response bytes as they arrive, so a response signature's response hash
         * can be checked (the request body's hash is always known); the bytes themselves are never kept.
         */
        public Builder hashResponses(boolean hash) {
            this.hashResponses = hash;
            return this;
        }

        /** Treats a signed hash that differs from the exchange's bytes as failed rather than unverifiable. */
        public Builder strictSignatureHashes(boolean strict) {
            this.strictSignatureHashes = strict;
            return this;
        }

        /**
         * Asks for TEE-only chats: {@link VeniceClient#chat} sends to a model that supports end-to-end encryption (or
         * only attestation) in plaintext with {@code enable_e2ee: false}, once its attestation passed the policy.
         * Venice can read such chats. Default false: end to end, and a model with attestation only is refused.
         */
        public Builder teeOnly(boolean teeOnly) {
            this.teeOnly = teeOnly;
            return this;
        }

        /**
         * Lets {@link VeniceClient#chat} send in plaintext to a model that offers neither end-to-end encryption nor
         * attestation, or whose capabilities are unknown when its id does not look private. Default false: refused with
         * {@link PrivacyException}.
         */
        public Builder allowPlaintext(boolean allow) {
            this.allowPlaintext = allow;
            return this;
        }

        /**
         * Requires every end-to-end or TEE-only chat's response signature to tie the answer to the enclave: once an
         * answer is complete its signature is fetched and checked, and {@link ChatStream#completion()} fails with
         * {@link io.venice.e2ee.signature.ResponseSignatureException.NotVerified} unless
         * {@link SignatureReport#signedByEnclave()} (the deltas have already been delivered). Default false.
         */
        public Builder requireSignature(boolean require) {
            this.requireSignature = require;
            return this;
        }

        /** How long the fetched model list is used for privacy decisions before it is fetched again; default 5 min. */
        public Builder modelListTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("modelListTtl must be zero or positive");
            }
            this.modelListTtl = ttl;
            return this;
        }

        /**
         * Checks the ACI receipts signature answers carry; default {@link AciReceiptVerifier}, so a receipt served on
         * {@code /tee/signature} is always checked.
         */
        public Builder receiptVerifier(ReceiptVerifier verifier) {
            this.receiptVerifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Verifies online the TEE gateway in front of a model whose attestation is an ACI envelope (Venice's
         * {@code -p} models), so that its receipts can be {@code VERIFIED}: Venice's quote binds only the legacy key,
         * not the keyset that signs receipts. Once per attestation, when a receipt is first checked (or on
         * {@link VeniceClient#attestGateway}), the client asks {@code <gatewayBaseUrl>/v1/aci/attestation?nonce=}
         * with a fresh 32-byte nonce through its transport (its timeouts, retries and error types; never with the API
         * key, which is Venice's), verifies the answer under the policy (at level {@code full} with Intel's
         * collateral for the gateway's quote, fetched as the model's is) against the keyset digest Venice relayed,
         * and hands the attested keyset to the receipt verifier. The outcome joins the signature report as
         * {@value GatewayAttestation#CHECK}: {@code FAILED} when the answer fails a check or cannot be fetched, and the
         * receipt then stays unverified. Default off: nothing is asked.
         *
         * @param gatewayBaseUrl the gateway, e.g. {@link VeniceClient#DEFAULT_GATEWAY_URL}; {@code https://}, or {@code http://}
         *                       to this machine ({@link #build()} refuses any other with
         *                       {@link PrivacyException.InsecureBaseUrl})
         */
        public Builder verifyGatewayAttestation(URI gatewayBaseUrl) {
            this.gatewayUrl = Objects.requireNonNull(gatewayBaseUrl, "gatewayBaseUrl");
            this.gatewayAtDefault = false;
            return this;
        }

        /**
         * As {@link #verifyGatewayAttestation(URI)}, at {@link VeniceClient#defaultGateway the default gateway} for the
         * base URL: {@link VeniceClient#DEFAULT_GATEWAY_URL} for Venice's API, else the base URL's own origin.
         */
        public Builder verifyGatewayAttestation() {
            this.gatewayUrl = null;
            this.gatewayAtDefault = true;
            return this;
        }

        /** Where chunks are decrypted; default a pool owned by the client, one thread per core. */
        public Builder decryptExecutor(Executor executor) {
            this.decryptExecutor = executor;
            return this;
        }

        /**
         * The Intel PCS-compatible service Intel's collateral is fetched from at level {@code full} (a PCCS, a cache,
         * a test server): Intel's paths below this base URL; default Intel's PCS,
         * {@code https://api.trustedservices.intel.com}. Its answers count only when signed by keys chaining to the
         * pinned roots (or the policy's extra anchors), wherever they come from.
         */
        public Builder pccs(URI baseUrl) {
            this.pccs = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** String form of {@link #pccs(URI)}. */
        public Builder pccs(String baseUrl) {
            return pccs(URI.create(baseUrl));
        }

        /**
         * NVIDIA's remote attestation service at level {@code full}: {@code /v3/attest/gpu} and
         * {@code /.well-known/jwks.json} below this base URL; default {@code https://nras.attestation.nvidia.com}.
         */
        public Builder nrasUrl(URI baseUrl) {
            this.nrasUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** String form of {@link #nrasUrl(URI)}. */
        public Builder nrasUrl(String baseUrl) {
            return nrasUrl(URI.create(baseUrl));
        }

        /**
         * Where level {@code full} gets Intel's and NVIDIA's answers, instead of {@link #pccs} and {@link #nrasUrl}
         * (the client still keeps them in its cache, and verification still decides whether they count).
         */
        public Builder collateralSource(CollateralSource source) {
            this.collateralSource = source;
            return this;
        }

        /**
         * Also keeps collateral and verified attestations on disk, in {@code directory} (e.g. {@code
         * ~/.cache/venice-e2ee}), so later processes reuse them; everything read back is checked again before use.
         * Default: memory only.
         */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /**
         * How long a verified attestation is reused for new sessions of its model (each with its own key pair), at
         * most: it ends sooner when anything it relied on expires (collateral, NRAS tokens). Default 10 minutes; zero
         * attests every session afresh.
         */
        public Builder attestationTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("attestationTtl must not be negative");
            }
            this.attestationTtl = ttl;
            return this;
        }

        /** Attests every session afresh, each with its own nonce, reusing no attestation. Default false. */
        public Builder freshAttestation(boolean fresh) {
            this.freshAttestation = fresh;
            return this;
        }

        /** How long a failed collateral or NRAS fetch is remembered before it is tried again; default 30 s. */
        public Builder collateralFailureTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("collateralFailureTtl must not be negative");
            }
            this.collateralFailureTtl = ttl;
            return this;
        }

        /**
         * Writes an audit bundle per session and per completion into {@code directory}, append-only (see
         * {@link AuditTrail}); default none. Completions are recorded as they went over the wire (ciphertext).
         */
        public Builder auditDirectory(Path directory) {
            this.auditDirectory = directory;
            return this;
        }

        /** Also keeps the plaintext request and answer in completion bundles (off by default). */
        public Builder auditPlaintext(boolean plaintext) {
            this.auditPlaintext = plaintext;
            return this;
        }

        /** Hears the slow steps (attestation, each fetch) as they start and end; default nothing. */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The client.
         *
         * @throws PrivacyException.InsecureBaseUrl when the base URL is {@code http://} to a host that is not loopback
         */
        public VeniceClient build() {
            return new VeniceClient(this);
        }
    }

}
