package io.venice.e2ee.attestation.aci;

import java.util.Locale;

/** The two forms of the ACI ({@code aci/1}) documents a gateway has served. */
public enum AciGeneration {
    /**
     * Until early August 2026: a top-level {@code workload_id}, a keyset with {@code workload_identity} and
     * {@code keyset_epoch}, a {@code keyset_endorsement}; the report-data statement names the workload id; receipts
     * carry {@code signature: {algo, key_id, value}}.
     */
    EARLIER,
    /**
     * From August 2026: the keyset is the identity ({@code subject}, {@code not_after}); the statement is
     * {@code {"keyset_digest","nonce","purpose"}}; receipts carry a top-level {@code key_id} and a hex signature.
     */
    CURRENT;

    /** Lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
