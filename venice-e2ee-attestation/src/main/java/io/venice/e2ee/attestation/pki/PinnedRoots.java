package io.venice.e2ee.attestation.pki;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** The roots trusted by default, embedded in this jar: Intel SGX Root CA and NVIDIA Device Identity CA. */
public final class PinnedRoots {
    private static final X509Certificate INTEL = load("intel-sgx-root-ca.pem");
    private static final X509Certificate NVIDIA = load("nvidia-device-identity-ca.pem");

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
