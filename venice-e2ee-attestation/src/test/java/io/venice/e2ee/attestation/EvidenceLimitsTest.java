package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.Test;

import java.security.cert.CertificateException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each evidence limit over the real capture: evidence of exactly the limit is read and verified, evidence one past
 * it fails the check that reads it, naming the limit and how to raise it.
 */
class EvidenceLimitsTest {
    private static final ObjectMapper JSON = VeniceJson.newMapper();

    private static VerificationReport verify(AttestationReport report, EvidenceLimits limits) {
        VerificationPolicy policy = VerificationPolicy.builder().limits(limits).build();
        return AttestationVerification.verify(report, policy, VerificationContext.builder()
                .expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
    }

    private static VerificationReport verifyCapture(EvidenceLimits limits) {
        return verify(AttestationReport.parse(Evidence.captureJson(), limits), limits);
    }

    private static int servedQuoteChars() throws Exception {
        return JSON.readTree(Evidence.captureJson()).path("intel_quote").textValue().length();
    }

    private static String reason(VerificationReport vr, String check) {
        return vr.check(check).orElseThrow().reason();
    }

    @Test
    void theDefaultsAreFarAboveTheRealEvidenceWhichPassesUnderThem() throws Exception {
        assertThat(EvidenceLimits.defaults().maxQuoteChars()).isGreaterThan(8 * servedQuoteChars());
        int gpuChain = Evidence.captureGpus().get(0).chain().size();
        assertThat(EvidenceLimits.defaults().maxChainCertificates()).isEqualTo(10).isGreaterThan(gpuChain);
        assertThat(VerificationPolicy.defaults().limits()).isEqualTo(EvidenceLimits.defaults());
        assertThat(verifyCapture(EvidenceLimits.defaults()).passed()).isTrue();
    }

    @Test
    void aQuoteOfExactlyTheLimitIsReadAndOneCharacterLongerFailsTheParseCheckNamingTheLimit() throws Exception {
        int n = servedQuoteChars();
        VerificationReport exact = verifyCapture(EvidenceLimits.defaults().withMaxQuoteChars(n));
        assertThat(exact.check("tdx.quote.parse").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(exact.passed()).isTrue();

        VerificationReport over = verifyCapture(EvidenceLimits.defaults().withMaxQuoteChars(n - 1));
        assertThat(over.check("tdx.quote.parse").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(reason(over, "tdx.quote.parse")).contains("intel_quote").contains(n + " characters long")
                .contains("limit of " + (n - 1)).contains("EvidenceLimits.maxQuoteChars");
        assertThat(over.passed()).isFalse();
    }

    @Test
    void aTwentyFourMillionCharacterQuoteIsRefusedUnderTheDefaultsWithoutBeingDecoded() {
        String huge = "ab".repeat(12_000_000);
        AttestationReport report = Checks.editedCapture(root -> root.put("intel_quote", huge));
        assertThat(report.intelQuote().malformation()).hasValueSatisfying(e -> assertThat(e.getMessage())
                .contains("24000000 characters long").contains("limit of " + EvidenceLimits.DEFAULT_MAX_QUOTE_CHARS)
                .contains("not decoded"));
        VerificationReport vr = verify(report, EvidenceLimits.defaults());
        assertThat(vr.check("tdx.quote.parse").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.passed()).isFalse();
    }

    @Test
    void aGpuChainOfExactlyTheLimitIsReadAndOneCertificateFewerAllowedFailsTheNvidiaChainCheck() {
        int gpuChain = Evidence.captureGpus().get(0).chain().size();
        VerificationReport exact = verifyCapture(EvidenceLimits.defaults().withMaxChainCertificates(gpuChain));
        assertThat(exact.check("nvidia.cert.chain").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(exact.passed()).isTrue();

        VerificationReport over = verifyCapture(EvidenceLimits.defaults().withMaxChainCertificates(gpuChain - 1));
        assertThat(over.check("nvidia.cert.chain").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(reason(over, "nvidia.cert.chain")).contains("more than " + (gpuChain - 1) + " certificates")
                .contains("EvidenceLimits.maxChainCertificates");
        assertThat(over.passed()).isFalse();
    }

    @Test
    void aPckChainOfExactlyTheLimitIsReadAndOneCertificateFewerAllowedFailsThePckChainCheck() throws Exception {
        int pckChain = Pem.certificates(TdxQuote.parse(Evidence.captureQuote()).pckChainPem()).size();
        VerificationReport exact = verifyCapture(EvidenceLimits.defaults().withMaxChainCertificates(pckChain));
        assertThat(exact.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(Outcome.PASS);

        VerificationReport over = verifyCapture(EvidenceLimits.defaults().withMaxChainCertificates(pckChain - 1));
        assertThat(over.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(reason(over, "tdx.pck.chain")).contains("more than " + (pckChain - 1) + " certificates")
                .contains("EvidenceLimits.maxChainCertificates");
        assertThat(over.passed()).isFalse();
    }

    @Test
    void aPemTextOfTenCertificatesIsReadAndOfElevenRefusedUnderTheDefault() throws Exception {
        String one = Pem.encode(Evidence.captureGpus().get(0).chain().get(0));
        assertThat(Pem.certificates(one.repeat(Pem.DEFAULT_MAX_CERTIFICATES))).hasSize(10);
        assertThatThrownBy(() -> Pem.certificates(one.repeat(Pem.DEFAULT_MAX_CERTIFICATES + 1)))
                .isInstanceOf(CertificateException.class).hasMessageContaining("more than 10 certificates")
                .hasMessageContaining("refused before decoding any");
        // thousands of blocks cost the count, not thousands of decodings: each block here is not even base64
        String junk = "-----BEGIN CERTIFICATE-----\n!\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.certificates(junk.repeat(100_000)))
                .isInstanceOf(CertificateException.class).hasMessageContaining("more than 10 certificates");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> EvidenceLimits.defaults().withMaxQuoteChars(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvidenceLimits.defaults().withMaxChainCertificates(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
