package io.venice.e2ee.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of the client: every network call is bounded by each that applies to it.
 *
 * @param connect  to establish a connection
 * @param response until the response headers arrive (the first byte of an answer)
 * @param idle     longest silence between two reads of a streamed answer
 * @param total    longest a whole call may take: a JSON call until its whole body has arrived, a streamed answer
 *                 from its headers to its end (a server that drips bytes without end is stopped here)
 */
public record Timeouts(Duration connect, Duration response, Duration idle, Duration total) {
    /** The default {@link #total()}: 10 minutes. */
    public static final Duration DEFAULT_TOTAL = Duration.ofMinutes(10);

    /** Validates the fields. */
    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(total, "total");
        for (Duration d : new Duration[] {connect, response, idle, total}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    /** The three limits given, and the default {@link #DEFAULT_TOTAL} for a whole call. */
    public Timeouts(Duration connect, Duration response, Duration idle) {
        this(connect, response, idle, DEFAULT_TOTAL);
    }

    /** 10 s to connect, 60 s to the first byte of an answer, 60 s of silence inside a stream, 10 min per call. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), DEFAULT_TOTAL);
    }

    /** These timeouts with {@code total} as the longest a whole call may take. */
    public Timeouts withTotal(Duration total) {
        return new Timeouts(connect, response, idle, total);
    }
}
