package io.venice.e2ee.transport;

import io.venice.e2ee.VeniceE2eeException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP did not deliver: no connection, no answer in time, the connection broke mid-body, or the server answered
 * with an error status. Venice's documented error messages are raised as
 * {@link io.venice.e2ee.protocol.VeniceProtocolException} instead, since they say what to change.
 */
public abstract sealed class TransportException extends VeniceE2eeException
        permits TransportException.ConnectFailed, TransportException.Timeout, TransportException.ConnectionLost,
        TransportException.HttpStatus, TransportException.BodyTooLarge {
    private static final long serialVersionUID = 1L;

    TransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether sending the same idempotent request again may succeed. */
    public abstract boolean retryable();

    /** The server could not be reached (refused, unknown host, TLS failure). */
    public static final class ConnectFailed extends TransportException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code uri}. */
        public ConnectFailed(URI uri, Throwable cause) {
            super("cannot connect to " + hostOf(uri) + ": " + describe(cause)
                    + "; check the base URL and the network", cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** No answer (or no more body) within the configured time. */
    public static final class Timeout extends TransportException {
        private static final long serialVersionUID = 1L;
        private final Duration limit;

        /** Creates the exception: {@code what} timed out after {@code limit}. */
        public Timeout(URI uri, String what, Duration limit, Throwable cause) {
            super(what + " from " + hostOf(uri) + " timed out after " + limit.toMillis()
                    + " ms; retry, or raise the timeout in the client builder", cause);
            this.limit = limit;
        }

        /** The limit that was exceeded. */
        public Duration limit() {
            return limit;
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The connection closed or failed while the body was arriving. */
    public static final class ConnectionLost extends TransportException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code uri}. */
        public ConnectionLost(URI uri, Throwable cause) {
            super("connection to " + hostOf(uri) + " was lost: " + describe(cause), cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /**
     * The server's answer to a JSON call is longer than the most bytes the client holds for one
     * ({@code Transport.Request.maxBodyBytes}): refused as it arrived, or from its {@code Content-Length} before any
     * of it was read; the connection is closed. Not retried: the same server would send the same.
     */
    public static final class BodyTooLarge extends TransportException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        /**
         * Creates the exception.
         *
         * @param limit    the most bytes allowed
         * @param declared the body's {@code Content-Length} when that alone exceeded the limit, else -1
         */
        public BodyTooLarge(URI uri, long limit, long declared) {
            super("the answer from " + (uri == null ? "the server" : hostOf(uri) + uri.getPath()) + (declared >= 0
                    ? " declares " + declared + " bytes (Content-Length), more than"
                    : " grew past") + " the limit of " + limit + " bytes, so it was not read further; check the"
                    + " base URL, or raise the limit with VeniceClient.builder().maxJsonBodyBytes(...) if the answer"
                    + " is legitimately this large", null);
            this.limit = limit;
        }

        /** The most bytes allowed. */
        public long limit() {
            return limit;
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The server answered with an error status (4xx/5xx) that is not one of Venice's documented errors. */
    public static final class HttpStatus extends TransportException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String serverMessage;
        private final Duration retryAfter;

        /**
         * Creates the exception.
         *
         * @param status        the HTTP status
         * @param serverMessage the server's {@code error} text (or a short body excerpt), may be null
         * @param retryAfter    the server's {@code Retry-After}, may be null
         */
        public HttpStatus(URI uri, int status, String serverMessage, Duration retryAfter) {
            super("HTTP " + status + " from " + pathOf(uri)
                    + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage)
                    + advice(status, retryAfter), null);
            this.status = status;
            this.serverMessage = serverMessage;
            this.retryAfter = retryAfter;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** The server's error message, if it sent one. */
        public Optional<String> serverMessage() {
            return Optional.ofNullable(serverMessage);
        }

        /** The server's {@code Retry-After}, if it sent one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public boolean retryable() {
            return status == 408 || status == 429 || status >= 500;
        }

        private static String advice(int status, Duration retryAfter) {
            if (status == 401 || status == 403) {
                return "; check the API key (API_KEY_VENICE)";
            }
            if (status == 429) {
                return retryAfter == null ? "; rate limited, retry later"
                        : "; rate limited, retry after " + retryAfter.toSeconds() + " s";
            }
            if (status == 404) {
                return "; check the model id and the base URL";
            }
            if (status >= 500) {
                return "; the server failed, retry later";
            }
            return "";
        }
    }

    static String hostOf(URI uri) {
        return uri == null ? "the server" : uri.getScheme() + "://" + uri.getAuthority();
    }

    static String pathOf(URI uri) {
        return uri == null ? "the server" : uri.getPath();
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "no detail";
        }
        String m = cause.getMessage();
        return cause.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
