package io.venice.e2ee.attestation.nvidia;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * One GPU's evidence: its device certificate chain (leaf first, ending at the NVIDIA Device Identity CA) and the
 * SPDM GET_MEASUREMENTS request ‖ signed response. Immutable.
 */
public final class GpuEvidence {
    /** Length of the SPDM GET_MEASUREMENTS request that starts the evidence. */
    public static final int REQUEST_LENGTH = 37;
    /** Length of the ECDSA P-384 r ‖ s signature that ends the evidence. */
    public static final int SIGNATURE_LENGTH = 96;

    private final String arch;
    private final List<X509Certificate> chain;
    private final byte[] evidence;

    /** Creates evidence from a parsed chain and the raw SPDM bytes (at least request + signature long). */
    public GpuEvidence(String arch, List<X509Certificate> chain, byte[] evidence) {
        if (evidence.length < REQUEST_LENGTH + SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("SPDM evidence is " + evidence.length + " bytes; at least "
                    + (REQUEST_LENGTH + SIGNATURE_LENGTH) + " expected");
        }
        this.arch = arch;
        this.chain = List.copyOf(chain);
        this.evidence = evidence.clone();
    }

    /** The GPU architecture, e.g. {@code HOPPER}. */
    public String arch() {
        return arch;
    }

    /** The device certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The raw evidence bytes. */
    public byte[] evidence() {
        return evidence.clone();
    }

    /** The requester nonce (evidence bytes 4..36). */
    public byte[] requestNonce() {
        return Arrays.copyOfRange(evidence, 4, 36);
    }

    /** The bytes the signature covers: everything before the last 96 bytes. */
    public byte[] signedBytes() {
        return Arrays.copyOfRange(evidence, 0, evidence.length - SIGNATURE_LENGTH);
    }

    /** The signature, r ‖ s (96 bytes). */
    public byte[] signature() {
        return Arrays.copyOfRange(evidence, evidence.length - SIGNATURE_LENGTH, evidence.length);
    }
}
