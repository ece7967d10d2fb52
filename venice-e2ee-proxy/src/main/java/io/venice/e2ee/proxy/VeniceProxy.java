package io.venice.e2ee.proxy;

import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.proxy.openai.OpenAiError;
import io.venice.e2ee.transport.vertx.VertxTransport;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A local OpenAI-compatible endpoint that gives any program verified end-to-end encryption with Venice: programs send
 * plaintext OpenAI chat completions to it (on loopback by default); it attests each model, verifies the attestation
 * under the client's policy, encrypts every message to the attested key, streams the answer and decrypts it.
 * Endpoints: {@code POST /v1/chat/completions} (streamed or not), {@code GET /v1/models},
 * {@code GET /v1/e2ee/attestation?model=}, {@code GET /health}, {@code GET /metrics}.
 *
 * <pre>{@code
 * try (VeniceProxy proxy = VeniceProxy.builder()
 *         .client(key -> VeniceClient.builder().policy(VerificationPolicy.defaults()))
 *         .apiKey(System.getenv("API_KEY_VENICE"))
 *         .build()) {
 *     URI url = proxy.start();   // http://127.0.0.1:8788/v1
 *     ...
 * }
 * }</pre>
 * The server and its upstream connections share one Vert.x instance; nothing blocks an event loop (chunks are
 * decrypted on a worker pool).
 */
public final class VeniceProxy implements AutoCloseable {
    private static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/models", "/v1/e2ee/attestation",
            "/health", "/metrics");

    private final Builder config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final Object lifecycle = new Object();
    private VertxTransport transport;
    private WorkerExecutor workers;
    private ModelSessions sessions;
    private HttpServer server;
    private URI baseUrl;

    private VeniceProxy(Builder b) {
        this.config = b;
        this.ownsVertx = b.vertx == null;
        this.vertx = b.vertx != null ? b.vertx : Vertx.vertx();
    }

    /** A builder: loopback port 8788, Venice upstream, end-to-end encryption only, sessions renewed every 10 minutes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening (idempotent) and returns the OpenAI base URL, e.g. {@code http://127.0.0.1:8788/v1}.
     *
     * @throws ProxyException.RemoteListenRefused for a non-loopback address without {@link Builder#allowRemote}
     * @throws ProxyException.ListenFailed         when the address cannot be bound
     */
    public URI start() {
        synchronized (lifecycle) {
            if (baseUrl != null) {
                return baseUrl;
            }
            if (!config.allowRemote && !config.listen.isLoopback()) {
                throw new ProxyException.RemoteListenRefused(config.listen);
            }
            // fixed socket buffers: a paused stream holds at most this much in the kernel on each side, instead of
            // the megabytes that buffer autotuning grows to on a fast link
            transport = VertxTransport.create(vertx, config.connectTimeout,
                    new HttpClientOptions().setReceiveBufferSize(config.socketBuffer),
                    new PoolOptions().setHttp1MaxSize(config.upstreamConnections));
            workers = vertx.createSharedWorkerExecutor("venice-e2ee-proxy-decrypt",
                    Math.max(2, Runtime.getRuntime().availableProcessors()));
            WorkerExecutor pool = workers;
            // batches of chunks are decrypted here, in any order (the stream restores it), never on an event loop
            Executor decrypt = task -> pool.executeBlocking(() -> {
                task.run();
                return null;
            }, false);
            Function<String, VeniceClient> clients = key -> config.client.apply(key).baseUrl(config.upstream)
                    .apiKey(key).transport(transport).decryptExecutor(decrypt)
                    .hashResponses(config.verifySignatures).build();
            sessions = new CachedModelSessions(clients, config.maxApiKeys, config.sessionMaxAge, metrics,
                    System::nanoTime);
            ApiKeys keys = new ApiKeys(config.apiKey);
            ModeSelector modes = new ModeSelector(config.allowTeeOnly);
            ChatRoute chat = new ChatRoute(sessions, keys, modes, metrics, config.verifySignatures);
            InfoRoutes info = new InfoRoutes(sessions, keys, modes, metrics, config.upstream);
            try {
                server = vertx.createHttpServer(new HttpServerOptions().setHost(config.listen.host())
                                .setPort(config.listen.port()).setHttp2ClearTextEnabled(false)
                                .setSendBufferSize(config.socketBuffer))
                        .requestHandler(router(chat, info))
                        .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                closeParts();
                throw new ProxyException.ListenFailed(config.listen, e.getCause());
            } catch (TimeoutException e) {
                closeParts();
                throw new ProxyException.ListenFailed(config.listen, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeParts();
                throw new ProxyException.ListenFailed(config.listen, e);
            }
            ListenAddress bound = new ListenAddress(config.listen.host(), server.actualPort());
            baseUrl = URI.create("http://" + bound + "/v1");
            return baseUrl;
        }
    }

    private Router router(ChatRoute chat, InfoRoutes info) {
        Router r = Router.router(vertx);
        r.route().order(-1).handler(ctx -> {
            String path = ENDPOINTS.contains(ctx.normalizedPath()) ? ctx.normalizedPath() : "other";
            ctx.addEndHandler(v -> metrics.request(path, ctx.response().getStatusCode()));
            ctx.next();
        });
        r.post("/v1/chat/completions").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimit));
        r.post("/v1/chat/completions").handler(chat);
        r.get("/v1/models").handler(info::models);
        r.get("/v1/e2ee/attestation").handler(info::attestation);
        r.get("/health").handler(info::health);
        r.get("/metrics").handler(info::metrics);
        r.errorHandler(404, ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
                + ctx.normalizedPath() + "; this proxy serves POST /v1/chat/completions, GET /v1/models,"
                + " GET /v1/e2ee/attestation?model=, GET /health and GET /metrics", "not_found"));
        r.errorHandler(405, ctx -> error(ctx, 405, ctx.request().method() + " is not allowed on "
                + ctx.normalizedPath(), "method_not_allowed"));
        r.errorHandler(413, ctx -> error(ctx, 413, "the request body is larger than " + config.bodyLimit
                + " bytes", "body_too_large"));
        r.errorHandler(500, ctx -> error(ctx, 500, "the proxy failed unexpectedly"
                + (ctx.failure() == null ? "" : ": " + ctx.failure().getClass().getSimpleName()), "internal_error"));
        return r;
    }

    private static void error(RoutingContext ctx, int status, String message, String code) {
        Responses.error(ctx.response(), new OpenAiError(status, message, OpenAiError.typeFor(status), null, code),
                Optional.empty());
    }

    /** The OpenAI base URL ({@code http://host:port/v1}), or null before {@link #start()}. */
    public URI baseUrl() {
        synchronized (lifecycle) {
            return baseUrl;
        }
    }

    /** The port listened on (after {@link #start()}). */
    public int port() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("the proxy is not started");
            }
            return server.actualPort();
        }
    }

    /** Stops listening, closes every session (zero-filling its keys) and upstream connection. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            try {
                if (server != null) {
                    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // closing is best effort: the sessions are still closed below
            } finally {
                server = null;
                closeParts();
                if (ownsVertx) {
                    vertx.close();
                }
            }
        }
    }

    private void closeParts() {
        if (sessions != null) {
            sessions.close();
            sessions = null;
        }
        if (transport != null) {
            transport.close();
            transport = null;
        }
        if (workers != null) {
            workers.close();
            workers = null;
        }
    }

    /** Builds a {@link VeniceProxy}. */
    public static final class Builder {
        private Vertx vertx;
        private ListenAddress listen = ListenAddress.DEFAULT;
        private boolean allowRemote;
        private URI upstream = VeniceClient.DEFAULT_BASE_URL;
        private Function<String, VeniceClient.Builder> client = key -> VeniceClient.builder();
        private String apiKey;
        private boolean allowTeeOnly;
        private boolean verifySignatures;
        private Duration sessionMaxAge = Duration.ofMinutes(10);
        private int maxApiKeys = 32;
        private int upstreamConnections = 512;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private long bodyLimit = 32L * 1024 * 1024;
        private int socketBuffer = 64 * 1024;

        private Builder() {
        }

        /** Runs on this Vert.x instance (left open by {@link VeniceProxy#close()}); default its own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        /** Where to listen; default {@code 127.0.0.1:8788}. A non-loopback address needs {@link #allowRemote}. */
        public Builder listen(ListenAddress listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        /** Allows a non-loopback listen address (anyone who reaches it can use the proxy's API key). */
        public Builder allowRemote(boolean allow) {
            this.allowRemote = allow;
            return this;
        }

        /** Venice's API base URL including {@code /api/v1}; default {@code https://api.venice.ai/api/v1}. */
        public Builder upstream(URI upstream) {
            this.upstream = Objects.requireNonNull(upstream, "upstream");
            return this;
        }

        /**
         * The client settings for an API key: verification policy, trust anchors, crypto, timeouts, anything the
         * client builder takes. The proxy then sets the base URL, the key, its Vert.x transport, its decrypt pool and
         * response hashing. Default: the client's defaults.
         */
        public Builder client(Function<String, VeniceClient.Builder> settings) {
            this.client = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The key for requests that send no {@code Authorization: Bearer} header (e.g. {@code API_KEY_VENICE}). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Serves requests that ask for TEE-only mode (header {@code X-Venice-E2EE-Mode: tee-only} or
         * {@code venice_parameters.enable_e2ee: false}): attested but not end-to-end encrypted. Default false.
         */
        public Builder allowTeeOnly(boolean allow) {
            this.allowTeeOnly = allow;
            return this;
        }

        /**
         * Checks each answer's response signature once it is complete: in the {@code X-Venice-Signature} header of a
         * non-streamed answer, in a trailer of a streamed one whose request sent {@code TE: trailers}, and always in
         * the log and the metrics. Default false.
         */
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        /** How long a session (attestation and key pair) serves before a fresh one is opened; default 10 minutes. */
        public Builder sessionMaxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("sessionMaxAge must be positive");
            }
            this.sessionMaxAge = maxAge;
            return this;
        }

        /** How many API keys' clients are kept when some are idle; default 32. */
        public Builder maxApiKeys(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxApiKeys must be at least 1");
            }
            this.maxApiKeys = max;
            return this;
        }

        /** Connections to the upstream at most (each streamed answer holds one); default 512. */
        public Builder upstreamConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("upstreamConnections must be at least 1");
            }
            this.upstreamConnections = max;
            return this;
        }

        /** The largest request body accepted; default 32 MiB. */
        public Builder bodyLimit(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("bodyLimit must be at least 1024 bytes");
            }
            this.bodyLimit = bytes;
            return this;
        }

        /**
         * The socket buffer of each connection, upstream (receive) and to the caller (send): with the read-ahead of
         * the client and the write queue, it bounds what a stream holds while its caller is not reading. Default 64
         * KiB, far above what a streamed answer needs in flight.
         */
        public Builder socketBuffer(int bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("socketBuffer must be at least 4096 bytes");
            }
            this.socketBuffer = bytes;
            return this;
        }

        /** The proxy; {@link VeniceProxy#start()} listens. */
        public VeniceProxy build() {
            return new VeniceProxy(this);
        }
    }
}
