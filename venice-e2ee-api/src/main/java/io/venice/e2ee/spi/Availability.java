package io.venice.e2ee.spi;

import java.util.Objects;

/**
 * Whether a provider can serve one primitive here, with what priority (higher wins), and why not when it cannot.
 *
 * @param available whether the primitive works in this JVM
 * @param priority  preference among available providers; higher is chosen first
 * @param detail    what engine serves it, or why it is unavailable
 */
public record Availability(boolean available, int priority, String detail) {
    /** Validates the fields. */
    public Availability {
        Objects.requireNonNull(detail, "detail");
    }

    /** The primitive works, served by {@code engine}, at {@code priority}. */
    public static Availability available(int priority, String engine) {
        return new Availability(true, priority, engine);
    }

    /** The primitive does not work here, for {@code reason}. */
    public static Availability unavailable(String reason) {
        return new Availability(false, Integer.MIN_VALUE, reason);
    }
}
