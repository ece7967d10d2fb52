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

    /**
     * An NRAS token signing key's {@code x5c}: the signing certificate, optionally followed by the pinned NRAS
     * intermediate it chains to (which is then dropped as the anchor). NVIDIA signs these with RSA under an RSA
     * intermediate, so no algorithm is imposed; the key itself must be the JWK's P-384 key.
     */
    public static final ChainProfile NRAS_SIGNING = new ChainProfile("NRAS signing certificate chain",
            "signing certificate, pinned NRAS intermediate", 0, false, List.of(), null, null);

    private NvidiaChains() {
    }
}
