package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.venice.e2ee.testing.pki.NvidiaPki;
import io.venice.e2ee.testing.pki.IntelPki;

/**
 * A local, Venice-compatible TEE endpoint: models, attestation with synthetic but verifiable evidence (a TDX quote
 * chained to a generated test root, NVIDIA-style GPU evidence chained to another), E2EE and plain chat streaming,
 * response signatures, Venice's documented errors, and switchable faults. For tests and demos; never a substitute
 * for the real service's evidence, and its test roots are trusted by nothing unless a client opts in.
 *
 * <pre>{@code
 * try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
 *     URI base = sim.start();   // http://127.0.0.1:PORT/api/v1
 *     ...
 * }
 * }</pre>
 */
public final class VeniceSimulator implements AutoCloseable {
    /** File name of the exported TDX PCK test root. */
    public static final String TDX_ROOT_FILE = "tdx-test-root.pem";
    /** File name of the exported NVIDIA device identity test root. */
    public static final String NVIDIA_ROOT_FILE = "nvidia-test-root.pem";
    /** File name of the exported root of the simulated NRAS's signing key (stands in for NVIDIA's NRAS CA). */
    public static final String NRAS_ROOT_FILE = "nras-test-root.pem";
    /** The models served when none are configured. */
    public static final List<String> DEFAULT_MODELS = List.of(
            "e2ee-qwen3-5-122b-a10b", "e2ee-glm-5", "tee-qwen3-5-122b-a10b", "tee-glm-5", "venice-uncensored");

    final Config config;
    final ObjectMapper json = VeniceJson.newMapper();
    final CryptoSuite suite;
    final EnvelopeCipher cipher;
    final IntelPki tdxPki;
    final NvidiaPki nvidiaPki;
    final TdxPlatform tdx;
    final NvidiaEvidence nvidia;
    final SimulatedPcs pcs;
    final SimulatedNras nras;
    final Map<String, SimulatedModel> models;
    final ModelKeys keys;
    final CompletionLog completions = new CompletionLog(10_000);
    private final RequestLog requests = new RequestLog(100_000);
    private final Faults faults = new Faults();

    private final Object lifecycle = new Object();
    private Vertx vertx;
    private boolean ownsVertx;
    private HttpServer server;
    private URI baseUrl;

    private VeniceSimulator(Builder b) {
        this.config = new Config(b);
        this.suite = b.suite != null ? b.suite : CryptoSuite.defaults();
        this.cipher = new EnvelopeCipher(suite);
        // test PKIs valid from a day before now for years: their roots are trusted nowhere unless a client opts in
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(365L * 25));
        this.tdxPki = IntelPki.builder().names(IntelPki.Names.SIMULATOR).validity(from, to).build();
        this.nvidiaPki = NvidiaPki.builder().names(NvidiaPki.Names.SIMULATOR).validity(from, to).build();
        this.tdx = new TdxPlatform(tdxPki);
        this.nvidia = new NvidiaEvidence(nvidiaPki, json);
        this.pcs = new SimulatedPcs(tdxPki, json, b.tcbStatus);
        this.nras = new SimulatedNras(NvidiaPki.builder().names(SimulatedNras.NAMES).validity(from, to).build(),
                nvidiaPki, json);
        Map<String, SimulatedModel> m = new LinkedHashMap<>();
        for (String id : b.models) {
            m.put(id, SimulatedModel.of(id));
        }
        this.models = Collections.unmodifiableMap(m);
        this.keys = new ModelKeys(suite.keyAgreement(), m.values());
        this.faults.enable(b.faults.toArray(new Fault[0]));
        this.vertx = b.vertx;
    }

    /** A builder with Venice-like defaults: loopback, any port, any non-empty API key, the default models. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening (idempotent) and returns the base URL, which includes {@code /api/v1}.
     *
     * @throws IllegalStateException if the port cannot be bound or the simulator was closed
     */
    public URI start() {
        synchronized (lifecycle) {
            if (baseUrl != null) {
                return baseUrl;
            }
            if (vertx == null) {
                vertx = Vertx.vertx();
                ownsVertx = true;
            }
            // no cleartext HTTP/2 upgrade: Venice's API is served as HTTP/1.1 here, and an h2c upgrade attempt
            // (the JDK client makes one by default on http://) can stall a request
            HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(new Endpoints(this, vertx).router());
            try {
                server = s.listen(config.port, config.host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("simulator cannot listen on " + config.host + ":" + config.port + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("simulator did not start listening within 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the simulator", e);
            }
            String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
            baseUrl = URI.create("http://" + host + ":" + server.actualPort() + "/api/v1");
            return baseUrl;
        }
    }

    /** The base URL ({@code http://host:port/api/v1}), or null before {@link #start()}. */
    public URI baseUrl() {
        synchronized (lifecycle) {
            return baseUrl;
        }
    }

    /** The port listened on (after {@link #start()}). */
    public int port() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("simulator not started");
            }
            return server.actualPort();
        }
    }

    /** The server-wide fault switches. */
    public Faults faults() {
        return faults;
    }

    /** The ids of the models served. */
    public List<String> models() {
        return List.copyOf(models.keySet());
    }

    /**
     * The test roots a client must trust explicitly to verify this simulator's evidence and the answers of its
     * collateral and NRAS services: TDX (PCK chain, TCB info, QE identity, CRLs) first, then NVIDIA (GPU devices),
     * then the simulated NRAS's signing root.
     */
    public List<X509Certificate> trustAnchors() {
        return List.of(tdxPki.root().certificate(), nvidiaPki.root().certificate(), nras.root());
    }

    /** The root of the simulated NRAS's token-signing key (stands in for NVIDIA's NRAS CA). */
    public X509Certificate nrasTestRoot() {
        return nras.root();
    }

    /**
     * Base URL of the Intel PCS v4 compatible collateral service ({@code http://host:port/pcs}), or null before
     * {@link #start()}; Intel's paths lie below it.
     */
    public URI pcsBaseUrl() {
        return serviceUrl(CollateralEndpoints.PCS);
    }

    /** Base URL of the NVIDIA NRAS compatible service ({@code http://host:port/nras}), or null before {@link #start()}. */
    public URI nrasBaseUrl() {
        return serviceUrl(CollateralEndpoints.NRAS);
    }

    private URI serviceUrl(String prefix) {
        URI api = baseUrl();
        return api == null ? null : api.resolve(prefix);
    }

    /** Every request received (also served as JSON at {@code GET /_sim/requests}). */
    public RequestLog requests() {
        return requests;
    }

    /** The test root of the TDX PCK chain (stands in for Intel's SGX Root CA). */
    public X509Certificate tdxTestRoot() {
        return tdxPki.root().certificate();
    }

    /** The test root of the GPU certificate chain (stands in for NVIDIA's Device Identity CA). */
    public X509Certificate nvidiaTestRoot() {
        return nvidiaPki.root().certificate();
    }

    /**
     * Writes the test roots as PEM into {@code dir} (created if needed): {@value #TDX_ROOT_FILE},
     * {@value #NVIDIA_ROOT_FILE} and {@value #NRAS_ROOT_FILE}. Returns the three paths, in that order.
     *
     * @throws UncheckedIOException if the files cannot be written
     */
    public List<Path> exportTrustAnchors(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tdxRoot = dir.resolve(TDX_ROOT_FILE);
            Path nvRoot = dir.resolve(NVIDIA_ROOT_FILE);
            Path nrasRoot = dir.resolve(NRAS_ROOT_FILE);
            Files.writeString(tdxRoot, tdxPki.root().pem(), StandardCharsets.US_ASCII);
            Files.writeString(nvRoot, nvidiaPki.root().pem(), StandardCharsets.US_ASCII);
            Files.writeString(nrasRoot, io.venice.e2ee.testing.pki.Pems.certificate(nras.root()),
                    StandardCharsets.US_ASCII);
            return List.of(tdxRoot, nvRoot, nrasRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulator's trust anchors to " + dir, e);
        }
    }

    /** The current public key of {@code model} (130 lower-case hex digits). */
    public String modelPublicKey(String model) {
        return keys.current(requireModel(model)).publicKeyHex();
    }

    /** Replaces the key of {@code model} with a fresh one (as an enclave restart would) and returns the new public key. */
    public String rotateKey(String model) {
        return keys.rotate(requireModel(model)).publicKeyHex();
    }

    private String requireModel(String model) {
        if (!models.containsKey(model)) {
            throw new IllegalArgumentException("the simulator does not serve model " + model + "; it serves " + models.keySet());
        }
        return model;
    }

    /** Stops listening, closes the Vert.x instance it created, and zero-fills the model keys. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            try {
                if (server != null) {
                    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                if (ownsVertx && vertx != null) {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // closing is best effort: the keys are still wiped below
            } finally {
                server = null;
                if (ownsVertx) {
                    vertx = null;
                }
                keys.close();
            }
        }
    }

    /** Public configuration only. */
    @Override
    public String toString() {
        return "VeniceSimulator[" + (baseUrl == null ? "not started" : baseUrl) + ", models=" + models.keySet() + "]";
    }

    /** Immutable settings of one simulator. */
    static final class Config {
        final int port;
        final String host;
        final String apiKey;
        final int chunkSize;
        final long chunkDelayMillis;
        final long slowDripMillis;
        final boolean reasoning;
        final ReplyGenerator replies;
        final int gpus;
        final int retryAfterSeconds;
        final boolean allowMissingApiKey;

        Config(Builder b) {
            this.port = b.port;
            this.host = b.host;
            this.apiKey = b.apiKey;
            this.chunkSize = b.chunkSize;
            this.chunkDelayMillis = b.chunkDelay.toMillis();
            this.slowDripMillis = b.slowDripDelay.toMillis();
            this.reasoning = b.reasoning;
            this.replies = b.replies;
            this.gpus = b.gpus;
            this.retryAfterSeconds = (int) Math.max(1, b.retryAfter.toSeconds());
            this.allowMissingApiKey = b.allowMissingApiKey;
        }
    }

    /** Builds a {@link VeniceSimulator}. */
    public static final class Builder {
        private int port;
        private String host = "127.0.0.1";
        private String apiKey;
        private List<String> models = DEFAULT_MODELS;
        private int chunkSize = 8;
        private Duration chunkDelay = Duration.ZERO;
        private Duration slowDripDelay = Duration.ofMillis(25);
        private boolean reasoning;
        private ReplyGenerator replies = ReplyGenerator.echo();
        private CryptoSuite suite;
        private int gpus = 1;
        private Duration retryAfter = Duration.ofSeconds(1);
        private TcbStatus tcbStatus = TcbStatus.UP_TO_DATE;
        private boolean allowMissingApiKey;
        private final List<Fault> faults = new ArrayList<>();
        private Vertx vertx;

        private Builder() {
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Interface to bind; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Requires exactly this bearer key; by default any non-empty key is accepted. */
        public Builder apiKey(String apiKey) {
            if (apiKey != null && apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Also accepts requests that carry no API key at all (a local server for a client that has none); without a
         * configured {@link #apiKey} only. Default false: like Venice, a request without a key is refused.
         */
        public Builder allowMissingApiKey(boolean allow) {
            this.allowMissingApiKey = allow;
            return this;
        }

        /** The model ids served; {@code e2ee-*} get E2EE and TEE, {@code tee-*} TEE only, others neither. */
        public Builder models(String... ids) {
            if (ids.length == 0) {
                throw new IllegalArgumentException("at least one model");
            }
            this.models = List.of(ids);
            return this;
        }

        /** Characters (code points) of reply text per streamed chunk; default 8. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1");
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** Pause between streamed events (a Vert.x timer); default none. */
        public Builder chunkDelay(Duration chunkDelay) {
            this.chunkDelay = requireNonNegative(chunkDelay, "chunkDelay");
            return this;
        }

        /** Pause between events under {@link Fault#SLOW_DRIP}; default 25 ms. */
        public Builder slowDripDelay(Duration slowDripDelay) {
            this.slowDripDelay = requireNonNegative(slowDripDelay, "slowDripDelay");
            return this;
        }

        /** Whether replies stream {@code reasoning_content} deltas before the content; default false. */
        public Builder reasoning(boolean reasoning) {
            this.reasoning = reasoning;
            return this;
        }

        /** The reply of the simulated model; default {@link ReplyGenerator#echo()}. */
        public Builder replyGenerator(ReplyGenerator replies) {
            this.replies = Objects.requireNonNull(replies, "replies");
            return this;
        }

        /** The crypto used for envelopes; default {@link CryptoSuite#defaults()} (fastest available). */
        public Builder cryptoSuite(CryptoSuite suite) {
            this.suite = Objects.requireNonNull(suite, "suite");
            return this;
        }

        /** GPU evidence entries per NVIDIA payload; default 1. */
        public Builder gpus(int gpus) {
            if (gpus < 1 || gpus > 16) {
                throw new IllegalArgumentException("gpus must be 1..16");
            }
            this.gpus = gpus;
            return this;
        }

        /** Retry-After sent with HTTP 429; default 1 s (rounded to whole seconds, at least 1). */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = requireNonNegative(retryAfter, "retryAfter");
            return this;
        }

        /**
         * The TCB status the simulated collateral gives the platform; default {@code UpToDate}. Any other status is
         * served as Intel lists a platform that fell behind: a newer level it does not reach, then its own level
         * with this status (and an advisory).
         */
        public Builder tcbStatus(TcbStatus status) {
            this.tcbStatus = Objects.requireNonNull(status, "status");
            return this;
        }

        /** Faults switched on from the start (server-wide). */
        public Builder faults(Fault... faults) {
            this.faults.addAll(List.of(faults));
            return this;
        }

        /** Runs on this Vert.x instance (which {@link VeniceSimulator#close()} leaves open); default its own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        /** Generates the test PKIs and model keys; call {@link VeniceSimulator#start()} to listen. */
        public VeniceSimulator build() {
            return new VeniceSimulator(this);
        }

        private static Duration requireNonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive");
            }
            return d;
        }
    }
}
