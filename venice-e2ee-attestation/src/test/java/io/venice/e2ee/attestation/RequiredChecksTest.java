package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.VerificationPolicy.Level;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each level requires a fixed set of checks, and the verdict is passed only when every one of them ran and passed:
 * a required check that was skipped, or that nothing reported, fails the verdict by name.
 */
class RequiredChecksTest {
    private static final List<String> BASIC = List.of("server.verified", "nonce.echo", "key.present", "key.address");
    private static final List<String> TDX = List.of("tdx.quote.parse", "tdx.debug", "tdx.td.policy",
            "tdx.reportdata.address", "tdx.reportdata.nonce");
    private static final List<String> DCAP = List.of("tdx.pck.chain", "tdx.qe.signature", "tdx.qe.identity",
            "tdx.qe.reportdata",
            "tdx.quote.signature", "nvidia.cert.chain", "nvidia.evidence.signature", "nvidia.nonce");
    private static final List<String> FULL = List.of("tdx.collateral.signatures", "tdx.tcb.status",
            "tdx.eventlog.rtmr", "tdx.compose.hash", "nvidia.nras.jwt");

    private static AttestationReport capture() {
        return AttestationReport.parse(Evidence.captureJson());
    }

    private static VerificationReport verify(AttestationReport r, Level level) {
        return AttestationVerification.verify(r, VerificationPolicy.builder().level(level).build(),
                Evidence.captureContext().build());
    }

    private static List<String> union(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    @Test
    void eachLevelRequiresExactlyItsChecks() {
        assertThat(Level.BASIC.requiredChecks()).containsExactlyInAnyOrderElementsOf(BASIC);
        assertThat(Level.TDX.requiredChecks()).containsExactlyInAnyOrderElementsOf(union(BASIC, TDX));
        assertThat(Level.DCAP.requiredChecks()).containsExactlyInAnyOrderElementsOf(union(BASIC, TDX, DCAP));
        assertThat(Level.FULL.requiredChecks()).containsExactlyInAnyOrderElementsOf(union(BASIC, TDX, DCAP, FULL));
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void theCaptureRunsAndPassesEveryRequiredCheckOfTheLevel(Level level) {
        VerificationReport vr = verify(capture(), level);
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.requiredChecks()).isEqualTo(level.requiredChecks());
        for (String id : level.requiredChecks()) {
            VerificationReport.Check c = vr.check(id).orElseThrow(() -> new AssertionError(id + " was not reported"));
            assertThat(c.status()).as(id).isEqualTo(Outcome.PASS);
            assertThat(c.required()).as(id).isTrue();
        }
        assertThat(vr.checks().stream().filter(VerificationReport.Check::required).map(VerificationReport.Check::id))
                .containsExactlyElementsOf(level.requiredChecks());
        assertThat(vr.summary()).contains("All " + level.requiredChecks().size() + " required checks passed.");
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void aBuiltInCheckThatNeverReportedFailsTheVerdictByName(Level level) {
        // as if one built-in check were missing from the verifier set: the capture's own results without it
        VerificationReport full = verify(capture(), level);
        for (String missing : level.requiredChecks()) {
            List<VerificationReport.Check> without = full.checks().stream().filter(c -> !c.id().equals(missing))
                    .toList();
            VerificationReport vr = new VerificationReport(level, level.requiredChecks(), without, full.measurements());
            assertThat(vr.passed()).as(missing).isFalse();
            assertThat(vr.failures()).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo(missing);
                assertThat(f.status()).isEqualTo(Outcome.FAIL);
                assertThat(f.reason()).isEqualTo("required at level " + level.label()
                        + " but never ran: no verifier reported it");
            });
            assertThat(vr.summary()).startsWith("FAILED").contains(missing + ": required at level");
        }
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void emptyEvidenceNeverPassesAndEveryRequiredCheckIsAFailure(Level level) {
        VerificationReport vr = verify(AttestationReport.parse("{}"), level);
        assertThat(vr.passed()).isFalse();
        assertThat(vr.failures()).extracting(VerificationReport.Check::id)
                .containsAll(level.requiredChecks());
        assertThat(Checks.ids(vr, Outcome.PASS)).isEmpty();
    }

    @Test
    void evidenceWithoutItsQuoteAndGpuPayloadNeverPassesAboveBasic() {
        AttestationReport stripped = Checks.editedCapture(root -> root.remove(List.of("intel_quote", "nvidia_payload")));
        assertThat(verify(stripped, Level.BASIC).passed()).isTrue();
        for (Level level : List.of(Level.TDX, Level.DCAP, Level.FULL)) {
            VerificationReport vr = verify(stripped, level);
            assertThat(vr.passed()).as(level.label()).isFalse();
            assertThat(vr.failures()).extracting(VerificationReport.Check::id).as(level.label())
                    .contains("tdx.quote.parse", "tdx.debug", "tdx.reportdata.address", "tdx.reportdata.nonce");
        }
    }

    @Test
    void aRequiredCheckSkippedBecauseItsDependencyFailedIsNamed() {
        AttestationReport r = Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(tamperedSignature())));
        VerificationReport vr = verify(r, Level.DCAP);
        assertThat(vr.check("tdx.debug").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(vr.failures()).extracting(c -> c.id() + ": " + c.reason()).contains(
                "tdx.debug: required at level dcap but did not run (depends on tdx.quote.signature which failed)",
                "tdx.reportdata.nonce: required at level dcap but did not run (depends on tdx.quote.signature which"
                        + " failed)");
        assertThat(vr.failures().get(0).id()).isEqualTo("tdx.quote.signature");
        assertThat(vr.summary()).contains("5 of 17 required checks did not pass.");
    }

    /** The capture's quote with one byte of its quote signature flipped. */
    private static byte[] tamperedSignature() {
        byte[] q = Evidence.captureQuote();
        q[TdxQuote.parse(q).span(TdxQuote.Part.QUOTE_SIGNATURE).offset() + 10] ^= 1;
        return q;
    }

    @Test
    void checksAboveTheLevelAreNotRequired() {
        VerificationReport vr = verify(capture(), Level.DCAP);
        VerificationReport.Check tcb = vr.check("tdx.tcb.status").orElseThrow();
        assertThat(tcb.status()).isEqualTo(Outcome.SKIP);
        assertThat(tcb.required()).isFalse();
        assertThat(vr.passed()).isTrue();
    }

    @Test
    void thePolicyAddsAllowListsAndCanMakeGpuEvidenceOptional() {
        VerificationPolicy allowListed = VerificationPolicy.builder().level(Level.TDX)
                .expect(VerificationPolicy.Measurement.RTMR3, "00".repeat(48)).build();
        assertThat(allowListed.requiredChecks()).contains("tdx.measurements.policy");
        assertThat(VerificationPolicy.builder().level(Level.BASIC)
                .expect(VerificationPolicy.Measurement.RTMR3, "00".repeat(48)).build().requiredChecks())
                .doesNotContain("tdx.measurements.policy");
        VerificationPolicy cpuOnly = VerificationPolicy.builder().level(Level.FULL).requireGpuEvidence(false).build();
        assertThat(cpuOnly.requiredChecks()).noneMatch(id -> id.startsWith("nvidia."))
                .containsAll(union(BASIC, TDX, List.of("tdx.quote.signature", "tdx.tcb.status")));
        VerificationReport noGpu = AttestationVerification.verify(
                Checks.editedCapture(root -> root.remove("nvidia_payload")),
                VerificationPolicy.builder().requireGpuEvidence(false).build(),
                Evidence.captureContext().build());
        assertThat(noGpu.passed()).as(noGpu.summary()).isTrue();
        assertThat(noGpu.check("nvidia.cert.chain").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void theJsonListsTheRequiredChecksAndTheFailures() throws Exception {
        VerificationReport vr = verify(Checks.editedCapture(root -> root.put("intel_quote",
                Hex.encode(tamperedSignature()))), Level.DCAP);
        var json = Checks.JSON.readTree(vr.toJson());
        assertThat(json.path("passed").asBoolean()).isFalse();
        List<String> required = new ArrayList<>();
        json.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactlyElementsOf(Level.DCAP.requiredChecks());
        assertThat(json.path("checks").get(0).path("required").asBoolean()).isTrue();
        List<String> failed = new ArrayList<>();
        json.path("failures").forEach(n -> failed.add(n.path("id").asText()));
        assertThat(failed).containsExactly("tdx.quote.signature", "tdx.debug", "tdx.td.policy",
                "tdx.reportdata.address", "tdx.reportdata.nonce");
        assertThat(Set.copyOf(failed)).hasSize(failed.size());
    }
}
