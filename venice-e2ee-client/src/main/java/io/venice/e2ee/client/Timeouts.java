package io.venice.e2ee.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of the client.
 *
 * @param connect  to establish a connection
 * @param response until the response headers arrive (for JSON calls, until the whole answer)
 * @param idle     longest silence between two reads of a streamed answer
 */
public record Timeouts(Duration connect, Duration response, Duration idle) {
    /** Validates the fields. */
    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(idle, "idle");
        if (connect.isNegative() || connect.isZero() || response.isNegative() || response.isZero()
                || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** 10 s to connect, 60 s to the first byte of an answer, 60 s of silence inside a stream. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
}
