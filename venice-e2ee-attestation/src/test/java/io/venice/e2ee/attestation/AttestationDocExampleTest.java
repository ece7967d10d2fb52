package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API example of docs/attestation.md, as written there, on the recorded Venice attestation with its Intel
 * collateral and NRAS answer (the only difference: the page shortens the expected MRTD, the test gives all of it);
 * the test also checks that the page still shows exactly the code it ran.
 */
class AttestationDocExampleTest {
    private static final Path SOURCE = Path.of(
            "src/test/java/io/venice/e2ee/attestation/AttestationDocExampleTest.java");

    @Test
    void theApiExampleVerifiesTheRecordedAttestationAtLevelFull() {
        String json = Evidence.captureJson();
        byte[] nonce32 = Evidence.captureNonce();
        String collateralJson = Evidence.text(Evidence.CAPTURE + "collateral.json");
        String nrasJson = Evidence.text(Evidence.CAPTURE + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body");
        String jwksJson = Evidence.text(Evidence.CAPTURE + "0007_nras.attestation.nvidia.com_.well-known_jwks.json.body");
        String mrtd = AttestationReport.parse(json).tcbInfo().toOptional().orElseThrow().path("mrtd").asText();
        assertThat(mrtd).as("the MRTD the page shortens").startsWith("b24d3b24");
        // DOC:api begin
        AttestationReport report = AttestationReport.parse(json);          // not a JSON object -> AttestationException
        report.intelQuote();            // EvidenceField<byte[]>: Absent, Malformed(error) or Present(bytes)
        report.signingKey();            // EvidenceField<SigningKey>: 65 bytes, the text exactly as served, its field
        report.malformations();         // every field that could not be read, with its error
        VerificationPolicy policy = VerificationPolicy.builder()
                .level(VerificationPolicy.Level.FULL)
                .expect(VerificationPolicy.Measurement.MRTD, mrtd) // DOC: .expect(VerificationPolicy.Measurement.MRTD, "b24d3b24...")             // repeatable allow-lists
                .build();                                                   // or VerificationPolicy.defaults(): DCAP, pinned roots only
        VerificationContext ctx = VerificationContext.builder()
                .expectedNonce(nonce32)                                     // the 32 bytes sent with the request
                .at(Instant.parse("2026-04-24T01:58:41Z"))                  // required: verification never reads the clock
                .collateral(Collateral.parse(collateralJson))               // dcap-qvl QuoteCollateralV3 JSON, or
                // .collateral(Collateral.fromIntelPcs().tcbInfo(body, chain).qeIdentity(body, chain)
                //         .pckCrl(der, chain).rootCaCrl(der).build())      // raw Intel PCS answers
                .nras(NrasAnswer.parse(nrasJson)).jwks(Jwks.parse(jwksJson))
                .build();
        VerificationReport vr = AttestationVerification.verify(report, policy, ctx);
        vr.passed(); vr.failures(); vr.requiredChecks(); vr.checks(); vr.check("tdx.debug"); vr.measurements();
        vr.facts().decryption().describe(); vr.facts().composeManager(); vr.facts().aci(); vr.facts().ohttp();
        vr.toJson(); vr.summary();
        // DOC:api end
        assertThat(report.intelQuote().toOptional()).isPresent();
        assertThat(report.signingKey().toOptional()).isPresent();
        assertThat(report.malformations()).isEmpty();
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.failures()).isEmpty();
        assertThat(vr.requiredChecks()).contains("tdx.tcb.status", "nvidia.nras.jwt", "tdx.measurements.policy");
        assertThat(vr.check("tdx.debug").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("tdx.measurements.policy").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.measurements()).containsEntry("mrtd", mrtd).containsEntry("tcb_status", "UpToDate");
        assertThat(vr.toJson()).contains("\"tdx.tcb.status\"");
        assertThat(vr.summary()).startsWith("PASSED at level full");
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(ReadmeSnippets.page("docs/attestation.md"), "## API", "java", 0),
                ReadmeSnippets.region(SOURCE, "api"));
    }
}
