package io.venice.e2ee.simulator;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults switched on for every request of one simulator, and for the requests naming one model. Thread-safe;
 * changes apply to the next request.
 */
public final class Faults {
    private final Set<Fault> enabled = Collections.synchronizedSet(EnumSet.noneOf(Fault.class));
    private final Map<String, Set<Fault>> byModel = new ConcurrentHashMap<>();

    Faults() {
    }

    /** Switches faults on. */
    public Faults enable(Fault... faults) {
        enabled.addAll(List.of(faults));
        return this;
    }

    /**
     * Switches faults on for the requests naming {@code model}: attestation faults for its attestations, the others
     * (chat faults and HTTP errors) for its chat completions. So a caller picks a misbehaviour per request by the
     * model it names, through any client or proxy, without a header of the simulator's own.
     */
    public Faults enableFor(String model, Fault... faults) {
        byModel.computeIfAbsent(model, m -> Collections.synchronizedSet(EnumSet.noneOf(Fault.class)))
                .addAll(List.of(faults));
        return this;
    }

    /** Switches faults off. */
    public Faults disable(Fault... faults) {
        enabled.removeAll(List.of(faults));
        return this;
    }

    /** Switches every fault off, server-wide and per model. */
    public Faults clear() {
        enabled.clear();
        byModel.clear();
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

    /** A snapshot of the faults on for {@code model} alone (not counting the server-wide ones). */
    public Set<Fault> enabledFor(String model) {
        Set<Fault> f = byModel.get(model);
        if (f == null) {
            return EnumSet.noneOf(Fault.class);
        }
        synchronized (f) {
            return f.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(f);
        }
    }
}
