package io.venice.e2ee.transport.jdk;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.TransportException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link Transport}, on the JDK's {@link HttpClient}: HTTP/2 over TLS where the server offers it,
 * HTTP/1.1 on plain {@code http://} (no upgrade dance). Its I/O threads are daemon threads owned by the transport.
 */
public final class JdkTransport implements Transport {
    private final HttpClient http;
    private final ExecutorService ownExecutor;

    private JdkTransport(Duration connectTimeout) {
        AtomicInteger n = new AtomicInteger();
        this.ownExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "venice-e2ee-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(ownExecutor)
                .build();
    }

    /** A transport whose connections must be established within {@code connectTimeout}. */
    public static JdkTransport create(Duration connectTimeout) {
        return new JdkTransport(Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /** A transport with a 10-second connect timeout. */
    public static JdkTransport create() {
        return create(Duration.ofSeconds(10));
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        return http.sendAsync(toJdk(request), info -> new CappedBody(request.uri(), request.maxBodyBytes(),
                        info.headers().firstValueAsLong("Content-Length").orElse(-1)))
                .handle((r, e) -> {
                    if (e != null) {
                        throw new CompletionException(map(request, e));
                    }
                    return new Response(r.statusCode(), r.headers().map(), r.body());
                });
    }

    @Override
    public CompletableFuture<StreamingResponse> stream(Request request) {
        return http.sendAsync(toJdk(request), HttpResponse.BodyHandlers.ofPublisher())
                .handle((r, e) -> {
                    if (e != null) {
                        throw new CompletionException(map(request, e));
                    }
                    return new JdkStreamingResponse(request.uri(), r);
                });
    }

    @Override
    public void close() {
        ownExecutor.shutdownNow();
    }

    private static HttpRequest toJdk(Request request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        if ("http".equalsIgnoreCase(request.uri().getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        request.headers().forEach(b::header);
        if ("GET".equals(request.method())) {
            b.GET();
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        return b.build();
    }

    static TransportException map(Request request, Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        URI uri = request.uri();
        if (c instanceof TransportException te) {
            return te;
        }
        if (c instanceof HttpConnectTimeoutException) {
            return new TransportException.Timeout(uri, "connecting", request.timeout(), c);
        }
        if (c instanceof HttpTimeoutException) {
            return new TransportException.Timeout(uri, "the response", request.timeout(), c);
        }
        if (c instanceof ConnectException || c instanceof UnresolvedAddressException
                || c instanceof java.net.UnknownHostException || c instanceof javax.net.ssl.SSLException
                || c.getCause() instanceof ConnectException) {
            return new TransportException.ConnectFailed(uri, c);
        }
        return new TransportException.ConnectionLost(uri, c);
    }

    /**
     * Collects a buffered body up to a limit: a {@code Content-Length} above it is refused before any byte is read,
     * and a body that grows past it is refused as soon as it does, without holding more than the limit. Cancelling
     * the subscription makes the JDK close the connection.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final URI uri;
        private final long limit;
        private final long declared;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<byte[]> parts = new java.util.ArrayList<>();
        private long received;
        private Flow.Subscription subscription;

        CappedBody(URI uri, long limit, long declared) {
            this.uri = uri;
            this.limit = limit;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > limit) {
                s.cancel();
                result.completeExceptionally(new TransportException.BodyTooLarge(uri, limit, declared));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : item) {
                received += b.remaining();
                if (received > limit) {
                    subscription.cancel();
                    parts.clear();
                    result.completeExceptionally(new TransportException.BodyTooLarge(uri, limit, -1));
                    return;
                }
                byte[] part = new byte[b.remaining()];
                b.get(part);
                parts.add(part);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            parts.clear();
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (result.isDone()) {
                return; // refused already: nothing to assemble
            }
            byte[] body = new byte[(int) received];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, body, at, part.length);
                at += part.length;
            }
            parts.clear();
            result.complete(body);
        }
    }

    /** Maps the JDK's body errors to {@link TransportException.ConnectionLost}. */
    private static final class JdkStreamingResponse implements StreamingResponse {
        private final URI uri;
        private final HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;

        JdkStreamingResponse(URI uri, HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
            this.uri = uri;
            this.response = response;
        }

        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            return response.headers().map();
        }

        @Override
        public Flow.Publisher<List<ByteBuffer>> body() {
            return subscriber -> response.body().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable instanceof IOException
                            ? new TransportException.ConnectionLost(uri, throwable) : throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
