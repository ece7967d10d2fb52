package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.sse.SseDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Frames a response body into numbered chunks, by its Content-Type: an event stream gives one chunk per server-sent
 * event; any other type is held whole and, if it is one JSON object, read as a single chunk (a server that ignored
 * streaming); otherwise it is decoded as events after all. The end marker {@code [DONE]} ends the answer, and
 * nothing after it is framed. Fed by one thread at a time.
 */
final class ChunkFramer {
    /** Bound on a whole (non-SSE) answer held in memory. */
    static final int MAX_WHOLE_BODY = 8 << 20;

    private final String wholeBodyType;
    private final SseDecoder events;
    private final StreamLimits limits;
    private final ByteArrayOutputStream wholeBody;
    private long received;
    private List<Chunk> framed = new ArrayList<>();
    private long next;
    private boolean done;

    private ChunkFramer(String wholeBodyType, StreamLimits limits) {
        this.wholeBodyType = wholeBodyType;
        this.limits = limits;
        this.events = new SseDecoder(this::onEvent, limits.maxEventBytes());
        this.wholeBody = wholeBodyType == null ? null : new ByteArrayOutputStream();
    }

    /** A framer for a body of {@code contentType}: none or {@code text/event-stream} (any case) is an event stream. */
    static ChunkFramer forContentType(String contentType) {
        return forContentType(contentType, StreamLimits.defaults());
    }

    /** A framer as {@link #forContentType(String)} that holds the answer to {@code limits}. */
    static ChunkFramer forContentType(String contentType, StreamLimits limits) {
        String type = contentType == null ? "" : contentType.strip();
        boolean sse = type.isEmpty() || type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        return new ChunkFramer(sse ? null : type, limits);
    }

    /**
     * Frames the remaining bytes of {@code buffer} (its position moves to its limit).
     *
     * @throws VeniceProtocolException.MalformedChunk if an event, or a whole body, exceeds its bound
     * @throws VeniceProtocolException.LimitExceeded  if the body exceeds {@link StreamLimits#maxResponseBytes()} or
     *                                                its chunks {@link StreamLimits#maxChunks()}
     */
    void feed(ByteBuffer buffer) {
        received += buffer.remaining();
        if (received > limits.maxResponseBytes()) {
            // counted before framing, so bytes that frame no chunk (comments, blank lines) count as well
            throw new VeniceProtocolException.LimitExceeded("maxResponseBytes", "the answer is longer than "
                    + limits.maxResponseBytes() + " bytes", limits.maxResponseBytes(), next);
        }
        if (wholeBody == null) {
            events.feed(buffer);
            return;
        }
        if (wholeBody.size() + buffer.remaining() > MAX_WHOLE_BODY) {
            throw new VeniceProtocolException.MalformedChunk(0, "the server answered with a " + wholeBodyType
                    + " body larger than " + MAX_WHOLE_BODY + " bytes instead of an event stream", null);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        wholeBody.write(bytes, 0, bytes.length);
    }

    /**
     * Ends the body: frames a last event that lacked its blank line, or the held whole body.
     *
     * @throws VeniceProtocolException.MalformedChunk if a last event exceeds its bound
     */
    void finish() {
        if (wholeBody != null) {
            byte[] body = wholeBody.toByteArray();
            if (isJsonObject(body)) {
                framed.add(new Chunk(next++, body, wholeBodyType));
                done = true;
                return;
            }
            events.feed(body, 0, body.length);
        }
        events.finish();
    }

    /** The chunks framed since the last call, in order (an empty list when none). */
    List<Chunk> take() {
        if (framed.isEmpty()) {
            return List.of();
        }
        List<Chunk> out = framed;
        framed = new ArrayList<>();
        return out;
    }

    /** Whether the answer is complete: {@code [DONE]} was seen, or a whole JSON body was read. */
    boolean done() {
        return done;
    }

    /** Number of chunks framed so far. */
    long chunks() {
        return next;
    }

    private void onEvent(String type, byte[] data, int offset, int length) {
        if (done) {
            return;
        }
        if (ChunkDecryptor.isDone(data, offset, length)) {
            done = true;
            return;
        }
        if (next >= limits.maxChunks()) {
            throw new VeniceProtocolException.LimitExceeded("maxChunks", "the answer has more than "
                    + limits.maxChunks() + " chunks", limits.maxChunks(), next);
        }
        // the decoder reuses its buffer: the chunk keeps a copy
        framed.add(new Chunk(next++, Arrays.copyOfRange(data, offset, offset + length), null));
    }

    private static boolean isJsonObject(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        return i < body.length && body[i] == '{';
    }
}
