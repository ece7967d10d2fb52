package io.venice.e2ee.simulator;

/** A model the simulator serves; its capabilities follow Venice's id prefixes ({@code e2ee-*}, {@code tee-*}). */
record SimulatedModel(String id, boolean e2ee, boolean tee) {
    static SimulatedModel of(String id) {
        boolean e2ee = id.startsWith("e2ee-");
        return new SimulatedModel(id, e2ee, e2ee || id.startsWith("tee-"));
    }

    /** The upstream name shown in attestation responses. */
    String upstreamName() {
        String base = id.replaceFirst("^(e2ee|tee)-", "");
        return "simulator/" + base;
    }
}
