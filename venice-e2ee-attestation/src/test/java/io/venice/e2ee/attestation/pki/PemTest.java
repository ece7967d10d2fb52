package io.venice.e2ee.attestation.pki;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM and DER certificates and CRLs read the same through the one reader. */
class PemTest {
    private static final X509Certificate INTEL = PinnedRoots.intelSgxRootCa();

    @Test
    void aCertificateReadsTheSameFromPemAndDer() throws Exception {
        byte[] der = INTEL.getEncoded();
        String pem = Pem.encode(INTEL);
        assertThat(Pem.certificate(der)).isEqualTo(INTEL);
        assertThat(Pem.certificate(pem)).isEqualTo(INTEL);
        assertThat(Pem.certificates(("junk before\n" + pem + "between\n" + Pem.encode(PinnedRoots.nvidiaDeviceIdentityCa()))
                .getBytes(StandardCharsets.US_ASCII))).containsExactly(INTEL, PinnedRoots.nvidiaDeviceIdentityCa());
    }

    @Test
    void brokenCertificatesAreRefusedNamingWhich() {
        String pem = encode(INTEL);
        assertThatThrownBy(() -> Pem.certificates(pem + "-----BEGIN CERTIFICATE-----\nAAAA"))
                .isInstanceOf(CertificateException.class).hasMessage("certificate 2 has no END line");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(CertificateException.class).hasMessage("certificate 1 is not valid base64");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(CertificateException.class).hasMessage("certificate 1 is not a valid X.509 certificate");
        assertThatThrownBy(() -> Pem.certificates("nothing here")).isInstanceOf(CertificateException.class)
                .hasMessage("no PEM certificate found");
        assertThatThrownBy(() -> Pem.certificate(new byte[] {0x30, 0x03, 1, 2, 3}))
                .isInstanceOf(CertificateException.class);
    }

    private static String encode(X509Certificate cert) {
        try {
            return Pem.encode(cert);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCrlReadsTheSameFromPemAndDer() throws Exception {
        byte[] der = Hex.decode(TestVectors.json("venice/capture-2026-04-24/collateral.json").path("root_ca_crl").asText());
        String pem = "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END X509 CRL-----\n";
        X509CRL fromDer = Pem.crl(der);
        assertThat(Pem.crl(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(fromDer);
        assertThat(fromDer.getIssuerX500Principal()).isEqualTo(INTEL.getSubjectX500Principal());
        assertThatThrownBy(() -> Pem.crl(new byte[] {1, 2, 3})).isInstanceOf(CRLException.class)
                .hasMessage("is not a valid X.509 CRL");
    }
}
