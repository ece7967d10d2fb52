package io.venice.e2ee.client.collateral;

import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issuer chains percent-decoded (never form-decoded) and CRLs read as DER, PEM or a PCCS's hex text. */
class WireFormsTest {
    private static String header(String file, String name) {
        return TestVectors.json(ReplayServer.CAPTURE + file + ".meta.json").path("headers").path(name).get(0).asText();
    }

    @Test
    void intelsTcbInfoIssuerChainHeaderDecodesToTheChainIntelSigned() throws Exception {
        String value = header(ReplayServer.CAPTURED.get("/tdx/certification/v4/tcb"), "Tcb-Info-Issuer-Chain");
        String pem = WireForms.percentDecode(value);
        assertThat(pem).isEqualTo(TestVectors.json(ReplayServer.CAPTURE + "collateral.json")
                .path("tcb_info_issuer_chain").asText());
        assertThat(Pem.certificates(pem)).hasSize(2);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").contains("+").contains("/");
    }

    @Test
    void aPlusStaysAPlusWhereFormDecodingWouldMakeItASpace() {
        String raw = "MIIB+abc/def=";
        assertThat(WireForms.percentDecode(raw)).isEqualTo(raw);
        assertThat(URLDecoder.decode(raw, StandardCharsets.UTF_8)).isEqualTo("MIIB abc/def=");
        assertThat(WireForms.percentDecode("a%2Bb%20c%0A")).isEqualTo("a+b c\n");
        assertThat(WireForms.percentDecode("%e2%9c%93")).isEqualTo("✓");
    }

    @Test
    void aBrokenEscapeOrNonUtf8BytesAreRefusedByPosition() {
        assertThatThrownBy(() -> WireForms.percentDecode("abc%2")).hasMessageContaining("position 3");
        assertThatThrownBy(() -> WireForms.percentDecode("%zz")).hasMessageContaining("position 0");
        assertThatThrownBy(() -> WireForms.percentDecode("%ff%fe")).hasMessageContaining("not UTF-8");
    }

    @Test
    void crlsAreReadAsDerAsPemAndAsTheHexTextAPccsSends() throws Exception {
        byte[] der = TestVectors.bytes(ReplayServer.CAPTURE + ReplayServer.CAPTURED.get("/sgx/certification/v4/pckcrl")
                + ".body");
        assertThat(WireForms.crlBytes(der)).isEqualTo(der);
        byte[] hex = (Hex.encode(der) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(WireForms.crlBytes(hex)).isEqualTo(der);
        byte[] upper = Hex.encode(der).toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        assertThat(WireForms.crlBytes(upper)).isEqualTo(der);
        String pem = "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END X509 CRL-----\n";
        byte[] pemBytes = pem.getBytes(StandardCharsets.US_ASCII);
        assertThat(WireForms.crlBytes(pemBytes)).isEqualTo(pemBytes);
        assertThat(Pem.crl(WireForms.crlBytes(pemBytes))).isEqualTo(Pem.crl(der));
        assertThat(Pem.crl(WireForms.crlBytes(hex)).getRevokedCertificates()).hasSize(57);
    }
}
