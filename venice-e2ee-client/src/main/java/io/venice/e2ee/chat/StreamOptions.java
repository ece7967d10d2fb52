package io.venice.e2ee.chat;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a {@link ChatStream} runs.
 *
 * @param decryptExecutor  where batches of chunks are decrypted (off the I/O thread); order is restored afterwards
 * @param scheduler        runs the idle-timeout check, or null for no idle timeout
 * @param idleTimeout      longest silence allowed between two reads of the body
 * @param maxPendingChunks chunks read ahead of the consumer before reading pauses (back-pressure)
 * @param hashResponse     whether to compute the SHA-256 of the response bytes as they arrive (to check the response
 *                         signature's hash); the bytes themselves are not kept unless {@code recordResponse}
 * @param recordResponse   whether to keep the response bytes exactly as they arrived (ciphertext, for an audit
 *                         bundle), up to {@link ChatStream#MAX_RECORDED_BYTES}; implies hashing them
 * @param limits           how large an answer may grow
 * @param totalTimeout     longest time the whole answer may take, from the start of reading (checked on the
 *                         scheduler), or null for no limit
 */
public record StreamOptions(Executor decryptExecutor, ScheduledExecutorService scheduler, Duration idleTimeout,
                            int maxPendingChunks, boolean hashResponse, boolean recordResponse, StreamLimits limits,
                            Duration totalTimeout) {
    /** Validates the fields. */
    public StreamOptions {
        Objects.requireNonNull(decryptExecutor, "decryptExecutor");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(limits, "limits");
        if (maxPendingChunks < 1) {
            throw new IllegalArgumentException("maxPendingChunks must be positive");
        }
        if (totalTimeout != null && (totalTimeout.isNegative() || totalTimeout.isZero())) {
            throw new IllegalArgumentException("totalTimeout must be positive");
        }
    }

    /** Options with the default {@link StreamLimits} and no limit on the whole answer's time. */
    public StreamOptions(Executor decryptExecutor, ScheduledExecutorService scheduler, Duration idleTimeout,
                         int maxPendingChunks, boolean hashResponse, boolean recordResponse) {
        this(decryptExecutor, scheduler, idleTimeout, maxPendingChunks, hashResponse, recordResponse,
                StreamLimits.defaults(), null);
    }

    /** Options that keep no response bytes, with the default {@link StreamLimits} and no limit on time. */
    public StreamOptions(Executor decryptExecutor, ScheduledExecutorService scheduler, Duration idleTimeout,
                         int maxPendingChunks, boolean hashResponse) {
        this(decryptExecutor, scheduler, idleTimeout, maxPendingChunks, hashResponse, false);
    }
}
