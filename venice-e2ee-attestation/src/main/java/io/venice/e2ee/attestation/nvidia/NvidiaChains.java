package io.venice.e2ee.attestation.nvidia;

import io.venice.e2ee.attestation.pki.ChainProfile;

import java.util.List;

/**
 * NVIDIA's device certificate chains as nvtrust's local GPU verifier accepts them: five certificates (device leaf,
 * GSP BROM, provisioner CA, product identity CA, NVIDIA Device Identity CA), ending with the pinned root itself,
 * every one ECDSA with SHA-384 on P-384.
 */
public final class NvidiaChains {
    /** A GPU's device chain as served in each {@code evidence_list} entry. */
    public static final ChainProfile DEVICE = new ChainProfile("device certificate chain",
            "device leaf, GSP BROM, provisioner CA, product identity CA, NVIDIA Device Identity CA", 5, true,
            List.of(), ChainProfile.ECDSA_WITH_SHA384, "secp384r1");

    private NvidiaChains() {
    }
}
