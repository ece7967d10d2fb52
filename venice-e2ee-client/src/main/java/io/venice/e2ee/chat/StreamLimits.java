package io.venice.e2ee.chat;

import io.venice.e2ee.sse.SseDecoder;

/**
 * How much one streamed answer may hold, so a hostile or broken server cannot stream forever or exhaust memory
 * (whitespace-only deltas, endless comments, one endless line). Exceeding a limit ends the stream with
 * {@link io.venice.e2ee.protocol.VeniceProtocolException.LimitExceeded}, after the chunks that came before it; the
 * connection is closed. How long an answer may take is {@code Timeouts.total()} of the client.
 *
 * @param maxEventBytes    largest server-sent event, and so the largest line (its data, in bytes)
 * @param maxChunks        most chunks (events) in one answer
 * @param maxResponseBytes most bytes of one response body, everything counted (comments, blank lines, ids)
 */
public record StreamLimits(int maxEventBytes, long maxChunks, long maxResponseBytes) {
    /** The default largest event: {@value SseDecoder#DEFAULT_MAX_EVENT_BYTES} bytes. */
    public static final int DEFAULT_MAX_EVENT_BYTES = SseDecoder.DEFAULT_MAX_EVENT_BYTES;
    /** The default most chunks per answer (a chunk is about one token; answers are far shorter). */
    public static final long DEFAULT_MAX_CHUNKS = 200_000;
    /** The default most bytes per answer: 256 MiB (an encrypted token costs a few hundred bytes). */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 256L << 20;

    /** Validates the fields. */
    public StreamLimits {
        if (maxEventBytes < 1 || maxChunks < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("stream limits must be positive");
        }
    }

    /** The defaults: events of 16 MiB, 200 000 chunks, 256 MiB per answer. */
    public static StreamLimits defaults() {
        return new StreamLimits(DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_CHUNKS, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** These limits with {@code maxEventBytes} instead. */
    public StreamLimits withMaxEventBytes(int maxEventBytes) {
        return new StreamLimits(maxEventBytes, maxChunks, maxResponseBytes);
    }

    /** These limits with {@code maxChunks} instead. */
    public StreamLimits withMaxChunks(long maxChunks) {
        return new StreamLimits(maxEventBytes, maxChunks, maxResponseBytes);
    }

    /** These limits with {@code maxResponseBytes} instead. */
    public StreamLimits withMaxResponseBytes(long maxResponseBytes) {
        return new StreamLimits(maxEventBytes, maxChunks, maxResponseBytes);
    }
}
