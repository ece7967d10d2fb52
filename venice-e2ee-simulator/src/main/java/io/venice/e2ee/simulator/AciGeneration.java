package io.venice.e2ee.simulator;

/**
 * Which form of the ACI ({@code aci/1}) envelope the simulated Phala gateway answers attestation and receipts in:
 * the gateway served the earlier form until early August 2026 and the current one since.
 */
public enum AciGeneration {
    /**
     * Until early August 2026: top-level {@code workload_id}; {@code attestation.vendor}, {@code keyset_endorsement}
     * (ECDSA over the keyset digest by the workload identity key) and {@code freshness}; a keyset with
     * {@code workload_identity} and {@code keyset_epoch}; receipts signed over everything but {@code signature.value},
     * events numbered by {@code seq}.
     */
    EARLY("early"),
    /**
     * Since August 2026: no workload id or endorsement; a keyset with {@code subject} and {@code not_after}; receipts
     * with a top-level {@code key_id}, signed over everything but {@code signature}.
     */
    CURRENT("current");

    private final String label;

    AciGeneration(String label) {
        this.label = label;
    }

    /** {@code early} or {@code current}, as the command line names it. */
    public String label() {
        return label;
    }

    /**
     * The generation named {@code label} (case-insensitive).
     *
     * @throws IllegalArgumentException naming both when it is neither
     */
    public static AciGeneration parse(String label) {
        for (AciGeneration g : values()) {
            if (g.label.equalsIgnoreCase(label.trim())) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown ACI generation '" + label + "'; known: early, current");
    }
}
