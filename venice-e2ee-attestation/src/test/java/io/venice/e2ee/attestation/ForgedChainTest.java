package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.pki.CertificateBuilder;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.Pems;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed leaf carrying the attacker's key, put in front of the genuine certificates of the real capture, is
 * refused at the default level: the chain's leaf is what signs the evidence, so it must be the certificate that
 * validates, never one skipped for being self-signed.
 */
class ForgedChainTest {

    private static VerificationReport verifyDcap(AttestationReport r) {
        return AttestationVerification.verify(r, VerificationPolicy.defaults(), Evidence.captureContext().build());
    }

    @Test
    void aSelfSignedPckLeafInFrontOfIntelsGenuineChainIsRefused() throws Exception {
        List<X509Certificate> genuine = Pem.certificates(TdxQuote.parse(Evidence.captureQuote()).pckChainPem());
        assertThat(genuine).hasSize(3);
        KeyPair attacker = Curve.P256.generate();
        X509Certificate forged = CertificateBuilder.subject(genuine.get(0).getSubjectX500Principal(),
                attacker.getPublic()).selfSigned(attacker).build();
        List<X509Certificate> chain = new ArrayList<>(genuine);
        chain.set(0, forged);
        byte[] quote = QuoteForge.resign(Evidence.captureQuote(), attacker.getPrivate(), chain, b -> b);
        VerificationReport vr = verifyDcap(Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(quote))));
        assertThat(vr.check("tdx.pck.chain").orElseThrow().status()).as(vr.summary()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("tdx.qe.signature").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(vr.check("tdx.quote.signature").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(vr.passed()).isFalse();
        // the same forgery with the genuine leaf in front verifies its QE signature no more: the key is the attacker's
        List<X509Certificate> withGenuineLeaf = new ArrayList<>(genuine);
        byte[] mixed = QuoteForge.resign(Evidence.captureQuote(), attacker.getPrivate(), withGenuineLeaf, b -> b);
        VerificationReport vr2 = verifyDcap(Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(mixed))));
        assertThat(vr2.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr2.check("tdx.qe.signature").orElseThrow().status()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void theIssuesForgeryWithASelfSignedPlatformCaIsRefused() throws Exception {
        // a self-signed certificate named like Intel's PCK Platform CA, in front of the genuine Platform CA and root,
        // signing a quote whose REPORTDATA binds an attacker's key
        List<X509Certificate> genuine = Pem.certificates(TdxQuote.parse(Evidence.captureQuote()).pckChainPem());
        KeyPair attacker = Curve.P256.generate();
        X509Certificate fakeCa = CertificateBuilder.subject(genuine.get(1).getSubjectX500Principal(),
                attacker.getPublic()).selfSigned(attacker).ca(0).build();
        byte[] reportData = new byte[64];
        System.arraycopy(Hex.decode("11".repeat(20)), 0, reportData, 0, 20);
        for (List<X509Certificate> chain : List.of(List.of(fakeCa, genuine.get(1), genuine.get(2)),
                List.of(fakeCa, genuine.get(2)))) {
            byte[] quote = QuoteForge.resign(Evidence.captureQuote(), attacker.getPrivate(), chain,
                    b -> b.set(io.venice.e2ee.attestation.tdx.TdReport.Field.REPORTDATA, reportData));
            VerificationReport vr = verifyDcap(Checks.editedCapture(root -> root.put("intel_quote",
                    Hex.encode(quote))));
            VerificationReport.Check c = vr.check("tdx.pck.chain").orElseThrow();
            assertThat(c.status()).as(vr.summary()).isEqualTo(Outcome.FAIL);
            assertThat(c.reason()).containsAnyOf("is self-signed but not a pinned trust anchor",
                    "must have exactly 3");
            assertThat(vr.check("tdx.reportdata.address").orElseThrow().status()).isEqualTo(Outcome.SKIP);
            assertThat(vr.passed()).isFalse();
        }
    }

    @Test
    void everyGpuReSignedUnderSelfSignedLeavesIsRefused() throws Exception {
        KeyPair attacker = Curve.P384.generate();
        AttestationReport forged = Checks.editedCapture(root -> {
            try {
                ObjectNode p = (ObjectNode) Checks.JSON.readTree(root.path("nvidia_payload").asText());
                for (var node : (ArrayNode) p.path("evidence_list")) {
                    ObjectNode gpu = (ObjectNode) node;
                    List<X509Certificate> genuine = Pem.certificates(new String(Base64.getDecoder()
                            .decode(gpu.path("certificate").asText()), StandardCharsets.US_ASCII));
                    List<X509Certificate> chain = new ArrayList<>(genuine);
                    chain.set(0, CertificateBuilder.subject(genuine.get(0).getSubjectX500Principal(),
                            attacker.getPublic()).selfSigned(attacker).build());
                    gpu.put("certificate", Base64.getEncoder().encodeToString(Pems.chain(chain)
                            .getBytes(StandardCharsets.US_ASCII)));
                    byte[] ev = Base64.getDecoder().decode(gpu.path("evidence").asText());
                    byte[] signed = java.util.Arrays.copyOf(ev, ev.length - 96);
                    byte[] resigned = new byte[ev.length];
                    System.arraycopy(signed, 0, resigned, 0, signed.length);
                    System.arraycopy(Curve.P384.signRaw(attacker.getPrivate(), signed), 0, resigned, signed.length,
                            96);
                    gpu.put("evidence", Base64.getEncoder().encodeToString(resigned));
                }
                root.put("nvidia_payload", p.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        VerificationReport vr = verifyDcap(forged);
        assertThat(vr.check("nvidia.cert.chain").orElseThrow().status()).as(vr.summary()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("nvidia.cert.chain").orElseThrow().reason()).startsWith("GPU 0: device certificate chain:"
                + " certificate 0").contains("is self-signed but not a pinned trust anchor");
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(vr.passed()).isFalse();
    }
}
