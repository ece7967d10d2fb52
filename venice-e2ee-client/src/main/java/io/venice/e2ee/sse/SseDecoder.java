package io.venice.e2ee.sse;

import io.venice.e2ee.protocol.VeniceProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental decoder of server-sent events over raw bytes, as the HTML standard defines them: lines end with
 * CRLF, LF or CR; {@code :} lines are comments; several {@code data:} lines join with LF; a blank line dispatches;
 * {@link #finish()} dispatches a last event that has no trailing blank line. Bytes may be split anywhere (inside a
 * CRLF, inside a UTF-8 sequence): text is only decoded by whoever reads the dispatched bytes.
 *
 * <p>Hot path: no regular expressions, no per-line allocation; the only buffers grow to the largest line and
 * event seen. Not thread-safe: one decoder per stream, fed by one thread at a time.
 */
public final class SseDecoder {
    /** Default bound on one event's data, so a hostile stream cannot exhaust memory. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 << 20;

    /** Receives each dispatched event. */
    @FunctionalInterface
    public interface Handler {
        /**
         * One event. {@code data[offset, offset+length)} is the event's data (UTF-8, lines joined with LF); the array
         * is the decoder's own and is only valid during this call, so copy what must outlive it.
         *
         * @param type the {@code event:} field, or {@code null} for the default type ("message")
         */
        void onEvent(String type, byte[] data, int offset, int length);
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final Handler handler;
    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    private String type;
    private boolean afterCr;
    private boolean started;
    private int bomMatched;
    private long dispatched;

    /** A decoder that hands events to {@code handler}. */
    public SseDecoder(Handler handler) {
        this(handler, DEFAULT_MAX_EVENT_BYTES);
    }

    /** A decoder that refuses events whose data exceeds {@code maxEventBytes}. */
    public SseDecoder(Handler handler, int maxEventBytes) {
        this.handler = Objects.requireNonNull(handler, "handler");
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Feeds the remaining bytes of {@code buffer} (its position moves to its limit).
     *
     * @throws VeniceProtocolException.MalformedChunk if an event grows beyond the limit
     */
    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int pos = buffer.position();
            feed(buffer.array(), buffer.arrayOffset() + pos, buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            feed(copy, 0, copy.length);
        }
    }

    /**
     * Feeds {@code bytes[offset, offset+length)}.
     *
     * @throws VeniceProtocolException.MalformedChunk if an event grows beyond the limit
     */
    public void feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        if (!started && i < end) {
            i = skipBom(bytes, i, end);
        }
        if (afterCr && i < end) {
            afterCr = false;
            if (bytes[i] == '\n') {
                i++;
            }
        }
        while (i < end) {
            int eol = i;
            while (eol < end) {
                byte b = bytes[eol];
                if (b == '\n' || b == '\r') {
                    break;
                }
                eol++;
            }
            if (eol == end) {
                append(bytes, i, end - i);
                return;
            }
            if (lineLength == 0) {
                processLine(bytes, i, eol);
            } else {
                append(bytes, i, eol - i);
                processLine(line, 0, lineLength);
                lineLength = 0;
            }
            i = eol + 1;
            if (bytes[eol] == '\r') {
                if (i < end) {
                    if (bytes[i] == '\n') {
                        i++;
                    }
                } else {
                    afterCr = true;
                }
            }
        }
    }

    /** Ends the stream: a pending line is processed and a pending event dispatched, as if a blank line followed. */
    public void finish() {
        if (!started && bomMatched > 0 && bomMatched < BOM.length) {
            started = true;
            append(BOM, 0, bomMatched);
        }
        if (lineLength > 0) {
            processLine(line, 0, lineLength);
            lineLength = 0;
        }
        dispatch();
        afterCr = false;
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Skips a UTF-8 byte-order mark at the very start (it may be split too); returns where content starts. */
    private int skipBom(byte[] bytes, int i, int end) {
        while (i < end && !started) {
            if (bytes[i] == BOM[bomMatched]) {
                i++;
                if (++bomMatched == BOM.length) {
                    started = true;
                }
            } else {
                started = true;
                // a partial match was content after all (it holds no line terminator)
                append(BOM, 0, bomMatched);
            }
        }
        return i;
    }

    private void append(byte[] bytes, int from, int n) {
        if (n == 0) {
            return;
        }
        if (lineLength + n > maxEventBytes + 16) {
            throw tooLarge();
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(bytes, from, line, lineLength, n);
        lineLength += n;
    }

    private void processLine(byte[] b, int from, int to) {
        if (from == to) {
            dispatch();
            return;
        }
        if (b[from] == ':') {
            return;
        }
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        int valueFrom = colon;
        if (colon < to) {
            valueFrom = colon + 1;
            if (valueFrom < to && b[valueFrom] == ' ') {
                valueFrom++;
            }
        }
        int nameLength = colon - from;
        if (is(b, from, nameLength, DATA)) {
            appendData(b, valueFrom, to - valueFrom);
        } else if (is(b, from, nameLength, EVENT)) {
            type = new String(b, valueFrom, to - valueFrom, StandardCharsets.UTF_8);
        }
        // "id" and "retry" do not matter to a single request/response stream; unknown fields are ignored
    }

    private void appendData(byte[] b, int from, int n) {
        int needed = dataLength + n + (hasData ? 1 : 0);
        if (needed > maxEventBytes) {
            throw tooLarge();
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(b, from, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void dispatch() {
        // as the standard says, an event whose data is empty is not dispatched (e.g. a bare "data:" keep-alive)
        if (hasData && dataLength > 0) {
            String t = type;
            hasData = false;
            int n = dataLength;
            dataLength = 0;
            type = null;
            dispatched++;
            handler.onEvent(t, data, 0, n);
        } else {
            hasData = false;
            dataLength = 0;
            type = null;
        }
    }

    private VeniceProtocolException tooLarge() {
        lineLength = 0;
        dataLength = 0;
        hasData = false;
        return new VeniceProtocolException.MalformedChunk(dispatched, "server-sent event larger than " + maxEventBytes
                + " bytes", null);
    }

    private static boolean is(byte[] b, int from, int n, byte[] name) {
        if (n != name.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }
}
