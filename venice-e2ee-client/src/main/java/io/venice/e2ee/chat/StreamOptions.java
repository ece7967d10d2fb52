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
 */
public record StreamOptions(Executor decryptExecutor, ScheduledExecutorService scheduler, Duration idleTimeout,
                            int maxPendingChunks, boolean hashResponse, boolean recordResponse) {
    /** Validates the fields. */
    public StreamOptions {
        Objects.requireNonNull(decryptExecutor, "decryptExecutor");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxPendingChunks < 1) {
            throw new IllegalArgumentException("maxPendingChunks must be positive");
        }
    }

    /** Options that keep no response bytes. */
    public StreamOptions(Executor decryptExecutor, ScheduledExecutorService scheduler, Duration idleTimeout,
                         int maxPendingChunks, boolean hashResponse) {
        this(decryptExecutor, scheduler, idleTimeout, maxPendingChunks, hashResponse, false);
    }
}
