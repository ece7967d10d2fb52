package io.venice.e2ee.simulator;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The faults switched on for every request of one simulator. Thread-safe; changes apply to the next request. */
public final class Faults {
    private final Set<Fault> enabled = Collections.synchronizedSet(EnumSet.noneOf(Fault.class));

    Faults() {
    }

    /** Switches faults on. */
    public Faults enable(Fault... faults) {
        enabled.addAll(java.util.List.of(faults));
        return this;
    }

    /** Switches faults off. */
    public Faults disable(Fault... faults) {
        enabled.removeAll(java.util.List.of(faults));
        return this;
    }

    /** Switches every fault off. */
    public Faults clear() {
        enabled.clear();
        return this;
    }

    /** Whether {@code fault} is on server-wide. */
    public boolean isEnabled(Fault fault) {
        return enabled.contains(fault);
    }

    /** A snapshot of the faults on server-wide. */
    public Set<Fault> enabled() {
        synchronized (enabled) {
            return enabled.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(enabled);
        }
    }
}
