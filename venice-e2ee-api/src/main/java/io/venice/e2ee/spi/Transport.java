package io.venice.e2ee.spi;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * HTTP as the client needs it: a request with a buffered answer (JSON calls) and a request whose answer body is
 * streamed (server-sent events). Implementations are thread-safe and never interpret the status: any status is a
 * completed response; connection failures, timeouts and lost connections complete exceptionally with
 * {@code io.venice.e2ee.transport.TransportException}.
 */
public interface Transport extends AutoCloseable {
    /**
     * Sends {@code request} and completes with the whole answer once its body has arrived. A body longer than
     * {@link Request#maxBodyBytes()} is refused while it arrives (or from its {@code Content-Length}, before any of
     * it is read): the future fails with {@code io.venice.e2ee.transport.TransportException.BodyTooLarge}, the
     * connection is closed and no more than the limit is held.
     */
    CompletableFuture<Response> send(Request request);

    /**
     * Sends {@code request} and completes when the status and headers have arrived; the body follows through
     * {@link StreamingResponse#body()}, one subscriber, with back-pressure ({@code request(n)}), and
     * {@code cancel()} closes the connection.
     */
    CompletableFuture<StreamingResponse> stream(Request request);

    /** Releases the transport's connections and threads (idempotent). */
    @Override
    void close();

    /**
     * One HTTP request.
     *
     * @param method  {@code GET} or {@code POST}
     * @param uri     absolute URI
     * @param headers header names and values (one value per name)
     * @param body    request body, empty for none
     * @param timeout      time allowed until the response headers arrive
     * @param maxBodyBytes most bytes of a buffered answer's body ({@link Transport#send}); a streamed body is
     *                     bounded by its reader instead
     */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                   long maxBodyBytes) {
        /**
         * The default {@link #maxBodyBytes()}: 64 MiB, the largest JSON document the client reads (two envelopes'
         * worth of hex); real answers (attestation with GPU evidence, collateral) are under a megabyte.
         */
        public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;
        /** The longest byte array the JVM allocates reliably. */
        private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

        /** Validates and copies. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
            Objects.requireNonNull(timeout, "timeout");
            requireMaxBodyBytes(maxBodyBytes);
        }

        /**
         * {@code maxBodyBytes} when it is a valid {@link #maxBodyBytes()}, for builders that take one.
         *
         * @throws IllegalArgumentException unless it is between 1 and the longest byte array
         */
        public static long requireMaxBodyBytes(long maxBodyBytes) {
            if (maxBodyBytes < 1 || maxBodyBytes > MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + MAX_ARRAY_LENGTH
                        + " (a buffered body is one byte array), got " + maxBodyBytes);
            }
            return maxBodyBytes;
        }

        /** A request whose buffered answer may hold up to {@link #DEFAULT_MAX_BODY_BYTES}. */
        public Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
            this(method, uri, headers, body, timeout, DEFAULT_MAX_BODY_BYTES);
        }

        /** This request with {@code maxBodyBytes} as the most bytes its buffered answer may hold. */
        public Request withMaxBodyBytes(long maxBodyBytes) {
            return new Request(method, uri, headers, body, timeout, maxBodyBytes);
        }

        /** A GET request. */
        public static Request get(URI uri, Map<String, String> headers, Duration timeout) {
            return new Request("GET", uri, headers, null, timeout);
        }

        /** A POST request with a body. */
        public static Request post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
            return new Request("POST", uri, headers, body, timeout);
        }

        /** Never shows header values (they hold the API key). */
        @Override
        public String toString() {
            return "Request[" + method + " " + uri + ", headers=" + headers.keySet() + ", " + body.length + " body bytes]";
        }
    }

    /**
     * A buffered answer.
     *
     * @param status  HTTP status
     * @param headers response headers (names case-insensitive)
     * @param body    the whole body
     */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        /** Copies the headers into a case-insensitive map. */
        public Response {
            headers = Headers.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        /** The first value of a header (case-insensitive name). */
        public Optional<String> header(String name) {
            return Headers.first(headers, name);
        }
    }

    /** An answer whose body is still arriving. */
    interface StreamingResponse {
        /** HTTP status. */
        int status();

        /** Response headers (names case-insensitive). */
        Map<String, List<String>> headers();

        /** The first value of a header (case-insensitive name). */
        default Optional<String> header(String name) {
            return Headers.first(headers(), name);
        }

        /** The body as it arrives; subscribe once. Cancelling the subscription closes the connection. */
        Flow.Publisher<List<ByteBuffer>> body();
    }

    /** Case-insensitive header maps. */
    final class Headers {
        private Headers() {
        }

        /** An unmodifiable copy of {@code headers} whose lookups ignore case. */
        public static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
            TreeMap<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            return java.util.Collections.unmodifiableMap(m);
        }

        /** The first value of {@code name}, ignoring case. */
        public static Optional<String> first(Map<String, List<String>> headers, String name) {
            List<String> v = headers.get(name);
            if (v == null) {
                for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                    if (e.getKey().equalsIgnoreCase(name)) {
                        v = e.getValue();
                        break;
                    }
                }
            }
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }
    }
}
