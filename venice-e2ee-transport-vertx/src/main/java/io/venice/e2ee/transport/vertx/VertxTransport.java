package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.TransportException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A non-blocking {@link Transport} on the Vert.x 5 {@code HttpClient}. A streamed body is read with back-pressure:
 * the response is paused and each {@code request(n)} of the subscriber becomes {@code fetch(n)} on its event loop;
 * cancelling resets the request, which closes the connection. Nothing here blocks an event loop.
 */
public final class VertxTransport implements Transport {
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClientAgent http;
    private final Context context;
    private final Duration connectTimeout;

    private VertxTransport(Vertx vertx, boolean ownsVertx, Duration connectTimeout, HttpClientOptions options,
                           PoolOptions pool) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        // every request starts on this one event-loop context, so a response and the handlers that read it are
        // always on the same thread (handlers attached from another thread could miss the end of a short body)
        this.context = vertx.getOrCreateContext();
        this.connectTimeout = connectTimeout;
        this.http = vertx.createHttpClient(new HttpClientOptions(options)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())), pool);
    }

    /** A transport on an existing Vert.x instance (not closed by {@link #close()}). */
    public static VertxTransport create(Vertx vertx, Duration connectTimeout) {
        return create(vertx, connectTimeout, new HttpClientOptions(), new PoolOptions());
    }

    /**
     * A transport on an existing Vert.x instance (not closed by {@link #close()}) with HTTP client options and a
     * connection pool of its own: e.g. {@code new PoolOptions().setHttp1MaxSize(256)} for a server that keeps many
     * streamed answers open at once (Vert.x defaults to 5 connections per server, and a request waiting for a
     * connection longer than the connect timeout fails), or a fixed socket receive buffer to bound what the kernel
     * holds for a paused stream. The connect timeout replaces the one in {@code options}.
     */
    public static VertxTransport create(Vertx vertx, Duration connectTimeout, HttpClientOptions options,
                                        PoolOptions pool) {
        return new VertxTransport(Objects.requireNonNull(vertx, "vertx"), false, connectTimeout,
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(pool, "pool"));
    }

    /** A transport on a Vert.x instance of its own, closed with the transport. */
    public static VertxTransport create(Duration connectTimeout) {
        return new VertxTransport(Vertx.vertx(), true, connectTimeout, new HttpClientOptions(), new PoolOptions());
    }

    /** The Vert.x instance this transport runs on. */
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        context().runOnContext(v -> http.request(options(request))
                .compose(req -> sendBody(req, request).compose(resp -> readCapped(request, req, resp)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        f.complete(ar.result());
                    } else {
                        f.completeExceptionally(map(request.uri(), ar.cause(), request.timeout(), false));
                    }
                }));
        return f;
    }

    @Override
    public CompletableFuture<StreamingResponse> stream(Request request) {
        CompletableFuture<StreamingResponse> f = new CompletableFuture<>();
        context().runOnContext(v -> http.request(options(request))
                .compose(req -> sendBody(req, request).map(resp -> {
                    // hold the body until a subscriber asks for it
                    resp.pause();
                    return (StreamingResponse) new VertxStreamingResponse(request, req, resp, Vertx.currentContext());
                }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        f.complete(ar.result());
                    } else {
                        f.completeExceptionally(map(request.uri(), ar.cause(), request.timeout(), false));
                    }
                }));
        return f;
    }

    /**
     * The whole body of {@code resp}, up to {@link Request#maxBodyBytes()}: a {@code Content-Length} above it is
     * refused before any byte is read, a body that grows past it as soon as it does; either resets the request
     * (closing the connection) and holds no more than the limit.
     */
    private static Future<Response> readCapped(Request request, HttpClientRequest req, HttpClientResponse resp) {
        long limit = request.maxBodyBytes();
        String length = resp.getHeader("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
        }
        if (declared > limit) {
            req.reset();
            return Future.failedFuture(new TransportException.BodyTooLarge(request.uri(), limit, declared));
        }
        Promise<Response> done = Promise.promise();
        Buffer body = Buffer.buffer();
        resp.handler(buf -> {
            if (done.future().isComplete()) {
                return;
            }
            if ((long) body.length() + buf.length() > limit) {
                // fail first: resetting reports its own exception to the handlers at once
                done.tryFail(new TransportException.BodyTooLarge(request.uri(), limit, -1));
                req.reset();
                return;
            }
            body.appendBuffer(buf);
        });
        resp.exceptionHandler(done::tryFail);
        resp.endHandler(v -> done.tryComplete(new Response(resp.statusCode(), headers(resp.headers()),
                body.getBytes())));
        return done.future();
    }

    /** The caller's context when it runs on this Vert.x, else the transport's own. */
    private Context context() {
        Context current = Vertx.currentContext();
        return current != null && current.owner() == vertx ? current : context;
    }

    private static Future<HttpClientResponse> sendBody(HttpClientRequest req, Request request) {
        return request.body().length == 0 ? req.send() : req.send(Buffer.buffer(request.body()));
    }

    private RequestOptions options(Request request) {
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setAbsoluteURI(request.uri().toString())
                .setIdleTimeout(request.timeout().toMillis())
                // bounds the wait for a connection, from the pool or new
                .setConnectTimeout(connectTimeout.toMillis());
        request.headers().forEach(o::putHeader);
        return o;
    }

    private static Map<String, List<String>> headers(MultiMap m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : m.names()) {
            out.put(name, new ArrayList<>(m.getAll(name)));
        }
        return out;
    }

    static TransportException map(URI uri, Throwable t, Duration limit, boolean midBody) {
        if (t instanceof TransportException te) {
            return te;
        }
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
            String what = t.getClass().getSimpleName().contains("Connect") ? "connecting"
                    : midBody ? "the next part of the body" : "the response";
            return new TransportException.Timeout(uri, what, limit, t);
        }
        if (!midBody && (t instanceof ConnectException || t instanceof UnknownHostException
                || t.getCause() instanceof ConnectException || t instanceof javax.net.ssl.SSLException)) {
            return new TransportException.ConnectFailed(uri, t);
        }
        return new TransportException.ConnectionLost(uri, t);
    }

    @Override
    public void close() {
        http.close();
        if (ownsVertx) {
            vertx.close();
        }
    }

    /** A paused response whose body is handed out with back-pressure. */
    private static final class VertxStreamingResponse implements StreamingResponse {
        private final Request request;
        private final HttpClientRequest req;
        private final HttpClientResponse resp;
        private final Context context;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        VertxStreamingResponse(Request request, HttpClientRequest req, HttpClientResponse resp, Context context) {
            this.request = request;
            this.req = req;
            this.resp = resp;
            this.context = context;
        }

        @Override
        public int status() {
            return resp.statusCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            return VertxTransport.headers(resp.headers());
        }

        @Override
        public Flow.Publisher<List<ByteBuffer>> body() {
            return subscriber -> {
                if (!subscribed.compareAndSet(false, true)) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                        }

                        @Override
                        public void cancel() {
                        }
                    });
                    subscriber.onError(new IllegalStateException("the body can be subscribed once"));
                    return;
                }
                onContext(() -> attach(subscriber));
            };
        }

        private void attach(Flow.Subscriber<? super List<ByteBuffer>> subscriber) {
            AtomicBoolean done = new AtomicBoolean();
            resp.handler(buf -> {
                if (!done.get()) {
                    subscriber.onNext(List.of(ByteBuffer.wrap(buf.getBytes())));
                }
            });
            resp.endHandler(v -> {
                if (done.compareAndSet(false, true)) {
                    subscriber.onComplete();
                }
            });
            resp.exceptionHandler(t -> {
                if (done.compareAndSet(false, true)) {
                    subscriber.onError(map(request.uri(), t, request.timeout(), true));
                }
            });
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    if (n > 0 && !done.get()) {
                        onContext(() -> resp.fetch(n));
                    }
                }

                @Override
                public void cancel() {
                    if (done.compareAndSet(false, true)) {
                        onContext(req::reset);
                    }
                }
            });
        }

        private void onContext(Runnable r) {
            if (context == null) {
                r.run();
            } else if (Vertx.currentContext() == context) {
                r.run();
            } else {
                context.runOnContext(v -> r.run());
            }
        }
    }
}
