package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real quotes in the shared vectors, alone (no key or nonce), through the TDX verifier. */
class DcapSamplesTest {
    static final List<String> DCAP = List.of("tdx.quote.parse", "tdx.pck.chain", "tdx.qe.signature",
            "tdx.qe.identity", "tdx.qe.reportdata", "tdx.quote.signature", "tdx.debug");
    private static final Instant V4_TIME = Instant.ofEpochSecond(1750329147L);
    private static final Instant V5_TIME = Instant.ofEpochSecond(1771412331L);

    static AttestationReport quoteOnly(String file) {
        return quoteOnly(TestVectors.bytes(file));
    }

    static AttestationReport quoteOnly(byte[] quote) {
        return AttestationReport.parse("{\"intel_quote\":\"" + Hex.encode(quote) + "\"}");
    }

    static VerificationReport verify(String file, VerificationPolicy.Level level, Instant at, String collateral) {
        VerificationContext.Builder ctx = VerificationContext.builder().at(at).expectedNonce(new byte[32]);
        if (collateral != null) {
            ctx.collateral(Collateral.parse(Evidence.text(collateral)));
        }
        return AttestationVerification.verify(quoteOnly(file), VerificationPolicy.builder().level(level).build(), ctx.build());
    }

    @ParameterizedTest
    @CsvSource({"tdx/dcapqvl_tdx_quote_v4.bin,1750329147", "tdx/dcapqvl_tdx_quote_v5_outdated.bin,1771412331",
            "tdx/gotdxguest_quote_v5_sample.bin,1769904000", "tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin,1672531200"})
    void everySamplePassesDcap(String file, long at) {
        VerificationReport vr = verify(file, VerificationPolicy.Level.DCAP, Instant.ofEpochSecond(at), null);
        for (String id : DCAP) {
            assertThat(vr.check(id).orElseThrow().status()).as(id + ": " + vr.check(id)).isEqualTo(Outcome.PASS);
        }
        assertThat(vr.measurements()).containsKeys("mrtd", "rtmr0", "rtmr3", "reportdata");
    }

    @Test
    void dcapQvlV4IsUpToDateAtItsTime() {
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v4.bin", VerificationPolicy.Level.FULL, V4_TIME,
                "tdx/dcapqvl_tdx_quote_v4_collateral.json");
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.measurements()).containsEntry("tcb_status", "UpToDate");
    }

    @Test
    void dcapQvlV5IsNotSupportedAtItsTimeUnderIntelsRules() {
        // its PCK certificate's SGX component 8 is 3, below the 5 of every level its TCB info lists
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v5_outdated.bin", VerificationPolicy.Level.FULL, V5_TIME,
                "tdx/dcapqvl_tdx_quote_v5_outdated_collateral.json");
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.PASS);
        VerificationReport.Check tcb = vr.check("tdx.tcb.status").orElseThrow();
        assertThat(tcb.status()).isEqualTo(Outcome.FAIL);
        assertThat(tcb.reason()).isEqualTo("TCB level not supported: the PCK certificate's SGX TCB components"
                + " 3,3,2,2,4,1,0,3,0,0,0,0,0,0,0,0 and PCESVN 13 are below every TCB level Intel lists; no policy"
                + " accepts it");
        assertThat(vr.measurements()).containsEntry("tcb_status", "TcbNotSupported");
        // it still passes level dcap, which does not judge the TCB
        VerificationReport dcap = verify("tdx/dcapqvl_tdx_quote_v5_outdated.bin", VerificationPolicy.Level.DCAP,
                V5_TIME, null);
        for (String id : DCAP) {
            assertThat(dcap.check(id).orElseThrow().status()).as(id).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void aPlatformBelowEveryLevelFailsWhateverThePolicyAccepts() {
        Set<TcbStatus> everything = java.util.EnumSet.noneOf(TcbStatus.class);
        for (TcbStatus s : TcbStatus.values()) {
            if (s.acceptable()) {
                everything.add(s);
            }
        }
        VerificationReport vr = AttestationVerification.verify(quoteOnly("tdx/dcapqvl_tdx_quote_v5_outdated.bin"),
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).acceptTcbStatuses(everything).build(),
                VerificationContext.builder().at(V5_TIME).collateral(Collateral.parse(Evidence.text(
                        "tdx/dcapqvl_tdx_quote_v5_outdated_collateral.json"))).build());
        assertThat(vr.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("tdx.tcb.status").orElseThrow().reason()).startsWith("TCB level not supported");
        assertThat(everything).doesNotContain(TcbStatus.REVOKED, TcbStatus.NOT_SUPPORTED);
    }

    @Test
    void expiredCollateralFailsTheCollateralCheck() {
        Instant later = V4_TIME.plusSeconds(60L * 24 * 3600);
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v4.bin", VerificationPolicy.Level.FULL, later,
                "tdx/dcapqvl_tdx_quote_v4_collateral.json");
        VerificationReport.Check c = vr.check("tdx.collateral.signatures").orElseThrow();
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains("expired");
        assertThat(vr.check("tdx.tcb.status").orElseThrow().reason())
                .isEqualTo("depends on tdx.collateral.signatures which failed");
        assertThat(vr.check("tdx.quote.signature").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void collateralOfAnotherPlatformDoesNotGiveAStatus() {
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v4.bin", VerificationPolicy.Level.FULL,
                Instant.ofEpochSecond(1771412331L), "tdx/dcapqvl_tdx_quote_v5_outdated_collateral.json");
        VerificationReport.Check c = vr.check("tdx.tcb.status").orElseThrow();
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains("FMSPC");
    }

    @Test
    void theCaptureCollateralIsNotTheV4Samples() {
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v4.bin", VerificationPolicy.Level.FULL, Evidence.CAPTURE_TIME,
                Evidence.CAPTURE + "collateral.json");
        assertThat(vr.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void withoutCollateralLevelFullFails() {
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v4.bin", VerificationPolicy.Level.FULL, V4_TIME, null);
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void aPckCertificateBeforeItsValidityFailsTheChain() {
        VerificationReport vr = verify("tdx/dcapqvl_tdx_quote_v5_outdated.bin", VerificationPolicy.Level.DCAP,
                Instant.parse("2025-01-01T00:00:00Z"), null);
        assertThat(vr.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("tdx.quote.signature").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }
}
