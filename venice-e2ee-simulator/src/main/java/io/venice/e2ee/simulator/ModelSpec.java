package io.venice.e2ee.simulator;

import java.util.Objects;

/**
 * A model the simulator serves: its id, the capabilities {@code /models} lists for it, and which backend's evidence
 * its attestation carries.
 *
 * @param id                     the model id
 * @param supportsE2ee           listed with {@code supportsE2EE: true}: E2EE headers are honoured
 * @param supportsTeeAttestation listed with {@code supportsTeeAttestation: true}: {@code /tee/attestation} answers
 * @param backend                whose evidence the attestation carries
 * @param reasoning              streams reasoning before its answer (listed with {@code supportsReasoning: true}),
 *                               whatever the simulator's {@code reasoning} option says
 */
public record ModelSpec(String id, boolean supportsE2ee, boolean supportsTeeAttestation, Backend backend,
                        boolean reasoning) {
    /** Whose enclave answers a model's attestation, and so its shape. */
    public enum Backend {
        /**
         * A NEAR AI enclave: the flat report with {@code info}, the event log and
         * {@code compose_manager_attestation} (a second quote from the same TD binding the deployment actions).
         */
        NEAR,
        /**
         * A Phala gateway in front of the model ({@code -p} ids): the {@code aci/1} envelope with Venice's legacy root
         * fields, and Ed25519 receipts on {@code /tee/signature}; one gateway key for every such model.
         */
        PHALA_GATEWAY
    }

    /** Checks the fields: E2EE needs attestation, as Venice's model schema says. */
    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(backend, "backend");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a model id must not be blank");
        }
        if (supportsE2ee && !supportsTeeAttestation) {
            throw new IllegalArgumentException("model " + id + ": supportsE2EE requires supportsTeeAttestation");
        }
    }

    /** A model without reasoning of its own. */
    public ModelSpec(String id, boolean supportsE2ee, boolean supportsTeeAttestation, Backend backend) {
        this(id, supportsE2ee, supportsTeeAttestation, backend, false);
    }

    /** This model, streaming reasoning before its answer. */
    public ModelSpec withReasoning() {
        return new ModelSpec(id, supportsE2ee, supportsTeeAttestation, backend, true);
    }

    /**
     * A model by its id as Venice names them: {@code e2ee-*} supports both modes (a Phala gateway when it ends in
     * {@code -p}, NEAR otherwise), {@code tee-*} attestation only (as Venice listed such models until July 2026),
     * anything else neither.
     */
    public static ModelSpec of(String id) {
        if (id.startsWith("e2ee-")) {
            return e2ee(id);
        }
        return id.startsWith("tee-") ? teeOnly(id) : plain(id);
    }

    /** A model with both capabilities (backend from the id: {@code -p} is a Phala gateway). */
    public static ModelSpec e2ee(String id) {
        return new ModelSpec(id, true, true, id.endsWith("-p") ? Backend.PHALA_GATEWAY : Backend.NEAR);
    }

    /** A model with attestation but no end-to-end encryption. */
    public static ModelSpec teeOnly(String id) {
        return new ModelSpec(id, false, true, Backend.NEAR);
    }

    /** A model with neither capability, whatever its id looks like. */
    public static ModelSpec plain(String id) {
        return new ModelSpec(id, false, false, Backend.NEAR);
    }

    /** The upstream name shown in attestation responses. */
    String upstreamName() {
        String base = id.replaceFirst("^(?i)(e2ee|tee)-", "").replaceFirst("-p$", "");
        return "simulator/" + base;
    }
}
