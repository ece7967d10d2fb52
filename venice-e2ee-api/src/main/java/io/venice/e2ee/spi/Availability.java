package io.venice.e2ee.spi;

import java.util.Objects;

/**
 * Whether a provider can serve one primitive here, with what priority (higher wins), with what timing guarantee,
 * and why not when it cannot.
 *
 * @param available whether the primitive works in this JVM
 * @param priority  preference among available providers; higher is chosen first
 * @param detail    what engine serves it, or why it is unavailable
 * @param timing    what the engine promises about timing side channels; {@code null} exactly when unavailable
 */
public record Availability(boolean available, int priority, String detail, TimingGuarantee timing) {
    /** Validates the fields: an available primitive states its timing guarantee, an unavailable one has none. */
    public Availability {
        Objects.requireNonNull(detail, "detail");
        if (available != (timing != null)) {
            throw new IllegalArgumentException(available
                    ? "an available primitive must state its timing guarantee"
                    : "an unavailable primitive has no timing guarantee");
        }
    }

    /** The primitive works, served by {@code engine}, at {@code priority}, with the timing guarantee {@code timing}. */
    public static Availability available(int priority, String engine, TimingGuarantee timing) {
        return new Availability(true, priority, engine, Objects.requireNonNull(timing, "timing"));
    }

    /** The primitive does not work here, for {@code reason}. */
    public static Availability unavailable(String reason) {
        return new Availability(false, Integer.MIN_VALUE, reason, null);
    }
}
