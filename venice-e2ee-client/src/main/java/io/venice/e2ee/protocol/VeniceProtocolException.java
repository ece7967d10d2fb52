package io.venice.e2ee.protocol;

import io.venice.e2ee.VeniceE2eeException;

import java.util.Optional;

/**
 * The exchange broke the protocol: a plaintext answer in an encrypted session, a stream cut short, a chunk that does
 * not parse or decrypt, an error reported inside the stream, one of Venice's documented refusals, an API answer that
 * is not what the API documents, or a request E2EE cannot carry.
 */
public abstract sealed class VeniceProtocolException extends VeniceE2eeException
        permits VeniceProtocolException.Downgrade, VeniceProtocolException.Truncated, VeniceProtocolException.MalformedChunk,
        VeniceProtocolException.DecryptFailed, VeniceProtocolException.StreamError, VeniceProtocolException.ServerRefused,
        VeniceProtocolException.MalformedResponse, VeniceProtocolException.Unsupported,
        VeniceProtocolException.RepeatedEphemeralKey, VeniceProtocolException.LimitExceeded {
    private static final long serialVersionUID = 1L;

    VeniceProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An answer arrived in plaintext in an end-to-end-encrypted session: the server did not encrypt. */
    public static final class Downgrade extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final long chunkIndex;
        private final String field;

        /** Creates the exception for the chunk at {@code chunkIndex} (0-based) and its {@code field}. */
        public Downgrade(long chunkIndex, String field) {
            this("downgrade: chunk " + chunkIndex + " carries plaintext " + field + " in an end-to-end-encrypted"
                    + " session, so the answer was not encrypted to this client; check that the server honours the"
                    + " X-Venice-TEE-* headers (refused; allow it only with the plaintext policy switch)",
                    chunkIndex, field);
        }

        private Downgrade(String message, long chunkIndex, String field) {
            super(message, null);
            this.chunkIndex = chunkIndex;
            this.field = field;
        }

        /**
         * The server answered a streamed end-to-end-encrypted chat with one whole body of {@code contentType}
         * instead of an event stream, and its {@code field} is plaintext.
         */
        public static Downgrade plaintextBody(String contentType, String field) {
            return new Downgrade("downgrade: the server answered in plaintext, not SSE: one " + contentType
                    + " body whose " + field + " is not encrypted to this client, so it ignored end-to-end"
                    + " encryption; check that the server honours the X-Venice-TEE-* headers and stream=true"
                    + " (refused; allow it only with the plaintext policy switch)", 0, field);
        }

        /** Index of the offending chunk (0-based). */
        public long chunkIndex() {
            return chunkIndex;
        }

        /** The plaintext field, e.g. {@code delta.content}. */
        public String field() {
            return field;
        }
    }

    /** The stream ended without {@code data: [DONE]}: the answer may be incomplete. */
    public static final class Truncated extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception after {@code chunks} chunks. */
        public Truncated(long chunks) {
            super("the stream ended after " + chunks + " chunks without [DONE]; the answer may be incomplete, retry"
                    + " the request", null);
        }
    }

    /** A chunk is not the JSON the protocol expects. */
    public static final class MalformedChunk extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final long chunkIndex;

        /** Creates the exception for the chunk at {@code chunkIndex} and why. */
        public MalformedChunk(long chunkIndex, String reason, Throwable cause) {
            super("chunk " + chunkIndex + " is malformed: " + reason, cause);
            this.chunkIndex = chunkIndex;
        }

        /** Index of the offending chunk (0-based). */
        public long chunkIndex() {
            return chunkIndex;
        }
    }

    /** An encrypted field of the answer did not open (bad envelope or tag mismatch). */
    public static final class DecryptFailed extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final long chunkIndex;
        private final String field;

        /** Creates the exception for {@code field} of the chunk at {@code chunkIndex}; the cause says which check failed. */
        public DecryptFailed(long chunkIndex, String field, Throwable cause) {
            super("chunk " + chunkIndex + " " + field + " does not decrypt (" + cause.getMessage() + "); the"
                    + " session may be stale: attest again, open a new session with new keys and retry once", cause);
            this.chunkIndex = chunkIndex;
            this.field = field;
        }

        /** Index of the offending chunk (0-based). */
        public long chunkIndex() {
            return chunkIndex;
        }

        /** The field that failed, e.g. {@code delta.content}. */
        public String field() {
            return field;
        }
    }

    /**
     * An envelope of the answer opened with a server ephemeral key this session had already seen: a replayed chunk
     * (chunks are not authenticated as a sequence, so a replay would decrypt) or a server reusing a key.
     */
    public static final class RepeatedEphemeralKey extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final long chunkIndex;
        private final String field;

        /** Creates the exception for {@code field} of the chunk at {@code chunkIndex}. */
        public RepeatedEphemeralKey(long chunkIndex, String field) {
            super("chunk " + chunkIndex + " " + field + " was encrypted with a server ephemeral key this session has"
                    + " already seen: a replayed chunk or a server reusing its key; the answer is refused (open a new"
                    + " session and retry)", null);
            this.chunkIndex = chunkIndex;
            this.field = field;
        }

        /** Index of the offending chunk (0-based). */
        public long chunkIndex() {
            return chunkIndex;
        }

        /** The field whose envelope repeated a key, e.g. {@code delta.content}. */
        public String field() {
            return field;
        }
    }

    /** The server reported an error inside the stream that is not one of Venice's documented errors. */
    public static final class StreamError extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final long chunkIndex;
        private final String serverMessage;

        /** Creates the exception for the error the server reported as chunk {@code chunkIndex}. */
        public StreamError(long chunkIndex, String serverMessage) {
            super("the server ended the answer with an error at chunk " + chunkIndex + ": " + serverMessage
                    + "; the answer is incomplete, retry the request", null);
            this.chunkIndex = chunkIndex;
            this.serverMessage = serverMessage;
        }

        /** Index of the chunk that carried the error (0-based). */
        public long chunkIndex() {
            return chunkIndex;
        }

        /** The error as the server worded it. */
        public String serverMessage() {
            return serverMessage;
        }
    }

    /** The server refused with one of Venice's documented errors. */
    public static final class ServerRefused extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final VeniceError error;
        private final int status;

        /** Creates the exception for the documented {@code error} seen with HTTP {@code status} (200 when in-stream). */
        public ServerRefused(VeniceError error, int status, String serverMessage) {
            super("Venice refused (HTTP " + status + "): " + serverMessage + "; " + error.advice(), null);
            this.error = error;
            this.status = status;
        }

        /** Which documented error. */
        public VeniceError error() {
            return error;
        }

        /** The HTTP status it came with (200 when it arrived inside a stream). */
        public int status() {
            return status;
        }

        /** Whether attesting again and retrying with new keys is the documented remedy. */
        public boolean needsReattestation() {
            return error == VeniceError.DECRYPT_FAILED || error == VeniceError.NO_PROVIDER;
        }
    }

    /**
     * A successful answer of one of the API's JSON endpoints (such as the model list) is not what the API documents:
     * not JSON, or JSON of another shape. Usually the base URL points at something other than Venice's API.
     */
    public static final class MalformedResponse extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final String endpoint;

        /**
         * Creates the exception.
         *
         * @param endpoint what was asked, e.g. {@code GET https://api.venice.ai/api/v1/models}
         * @param what     what was expected, e.g. {@code the model list}
         * @param problem  what the server sent instead
         */
        public MalformedResponse(String endpoint, String what, String problem, Throwable cause) {
            super(endpoint + " did not answer with " + what + ": " + problem + "; check that the base URL is Venice's"
                    + " API (e.g. https://api.venice.ai/api/v1), not a web page or another service", cause);
            this.endpoint = endpoint;
        }

        /** What was asked, e.g. {@code GET https://api.venice.ai/api/v1/models}. */
        public String endpoint() {
            return endpoint;
        }
    }

    /** The request asks for something end-to-end encryption cannot carry; refused before sending. */
    public static final class Unsupported extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final String feature;

        /** Creates the exception naming the {@code feature} and what to do instead. */
        public Unsupported(String feature, String advice) {
            super(feature + " is not supported with end-to-end encryption; " + advice, null);
            this.feature = feature;
        }

        /** The refused feature. */
        public String feature() {
            return feature;
        }
    }

    /**
     * The answer grew beyond one of the client's limits (an event, the number of chunks, the bytes of the body): a
     * server that streams without end or without measure. The stream ends after the chunks before the limit, and
     * the connection is closed.
     */
    public static final class LimitExceeded extends VeniceProtocolException {
        private static final long serialVersionUID = 1L;
        private final String limit;
        private final long max;
        private final long chunkIndex;

        /**
         * Creates the exception.
         *
         * @param limit      which limit, e.g. {@code maxChunks}
         * @param what       what exceeded it, e.g. {@code the answer has more than 1000 chunks}
         * @param max        the limit's value
         * @param chunkIndex the chunk at which it was exceeded (0-based: the chunks framed before it)
         */
        public LimitExceeded(String limit, String what, long max, long chunkIndex) {
            super(what + " (StreamLimits." + limit + " = " + max + "); the server streams more than any answer"
                    + " should: retry, or raise the limit with VeniceClient.builder().streamLimits(...) if the answer"
                    + " is legitimately this large", null);
            this.limit = limit;
            this.max = max;
            this.chunkIndex = chunkIndex;
        }

        /** The name of the limit exceeded: {@code maxEventBytes}, {@code maxChunks} or {@code maxResponseBytes}. */
        public String limit() {
            return limit;
        }

        /** The limit's value. */
        public long max() {
            return max;
        }

        /** The chunk at which the limit was exceeded (0-based). */
        public long chunkIndex() {
            return chunkIndex;
        }
    }

    /** The chunk index this error names, if it names one. */
    public Optional<Long> chunk() {
        if (this instanceof Downgrade d) {
            return Optional.of(d.chunkIndex());
        }
        if (this instanceof DecryptFailed d) {
            return Optional.of(d.chunkIndex());
        }
        if (this instanceof MalformedChunk m) {
            return Optional.of(m.chunkIndex());
        }
        if (this instanceof StreamError e) {
            return Optional.of(e.chunkIndex());
        }
        if (this instanceof RepeatedEphemeralKey r) {
            return Optional.of(r.chunkIndex());
        }
        if (this instanceof LimitExceeded l) {
            return Optional.of(l.chunkIndex());
        }
        return Optional.empty();
    }
}
