package io.venice.e2ee.attestation.pki;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The anchors trusted by default, embedded in this jar: Intel SGX Root CA, NVIDIA Device Identity CA, and the NVIDIA
 * Attestation Service intermediate that certifies NRAS's token signing keys.
 */
public final class PinnedRoots {
    private static final X509Certificate INTEL = load("intel-sgx-root-ca.pem");
    private static final X509Certificate NVIDIA = load("nvidia-device-identity-ca.pem");
    private static final X509Certificate NRAS = load("nvidia-nras-gpu-intermediate-004.pem");

    private PinnedRoots() {
    }

    /** Intel SGX Root CA (SHA-256 fingerprint 44a0196b…74d3): the root of every PCK and collateral chain. */
    public static X509Certificate intelSgxRootCa() {
        return INTEL;
    }

    /** NVIDIA Device Identity CA (P-384): the root of every GPU's device certificate chain. */
    public static X509Certificate nvidiaDeviceIdentityCa() {
        return NVIDIA;
    }

    /**
     * NVIDIA Attestation Service GPU Intermediate 004 (issued by NVIDIA Attestation Service CA 001; RSA-2048; valid
     * 2025-12-08 to 2029-12-08; SPKI SHA-256 {@code fd32837f954e2c45db073105166dfe6985ae0480bb113fba63b091a75affe896}):
     * the issuer of the certificates in NRAS's key set. The CA above it is not published with the key set, so this
     * intermediate is the anchor.
     */
    public static X509Certificate nrasGpuIntermediate004() {
        return NRAS;
    }

    private static X509Certificate load(String name) {
        try (InputStream in = PinnedRoots.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("pinned root " + name + " is missing from the jar");
            }
            return Pem.certificate(in.readAllBytes());
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("pinned root " + name + " cannot be read", e);
        }
    }
}
