package io.venice.e2ee.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * Retries of idempotent calls (models, attestation, signatures; never a chat that already streamed): up to
 * {@code maxAttempts} tries, exponential back-off with jitter, and the server's {@code Retry-After} honoured up to
 * {@code maxRetryAfter}.
 *
 * @param maxAttempts    tries in all (1 = no retry)
 * @param initialBackoff wait before the second try
 * @param maxBackoff     longest computed wait
 * @param maxRetryAfter  longest {@code Retry-After} the client will wait; a longer one ends the retries
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    private static final SecureRandom JITTER = new SecureRandom();

    /** Validates the fields. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** Three tries, 250 ms then 500 ms (jittered), Retry-After up to 30 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** No retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before try {@code attempt + 1} (attempt counts from 1): the server's {@code retryAfter} when given,
     * else {@code initialBackoff * 2^(attempt-1)} capped at {@code maxBackoff}, scaled by a random factor in [0.5, 1].
     */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        long base = initialBackoff.toMillis() << Math.min(20, attempt - 1);
        long capped = Math.min(base, maxBackoff.toMillis());
        double factor = 0.5 + JITTER.nextDouble() * 0.5;
        return Duration.ofMillis((long) (capped * factor));
    }
}
