package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.QeIdentity;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Level {@code dcap} checks that the quote was made by Intel's TD quoting enclave, from Intel's published TD_QE
 * identity built in: a report certified by the platform's PCK key but made by another enclave is refused.
 */
class QeIdentityTest {

    private static VerificationReport withQe(UnaryOperator<QeReport.Builder> qe) {
        return Forged.verify(Forged.capture(Forged.quote(b -> b, qe)), Forged.policy().build());
    }

    @Test
    void theCaptureAndEveryRealQuoteComeFromIntelsTdQuotingEnclave() {
        VerificationReport vr = withQe(qe -> qe);
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.check("tdx.qe.identity").orElseThrow().reason())
                .startsWith("the quoting enclave is Intel's TD quoting enclave (MRSIGNER dc9e2a7c…");
        for (String f : new String[] {"tdx/dcapqvl_tdx_quote_v4.bin", "tdx/dcapqvl_tdx_quote_v5_outdated.bin",
                "tdx/gotdxguest_quote_v5_sample.bin", "tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin"}) {
            assertThat(QeIdentity.INTEL_TD_QE.mismatch(TdxQuote.parse(TestVectors.bytes(f)).qeReport())).as(f).isNull();
        }
    }

    @Test
    void anotherSignerIsRefusedAndNothingTheEnclaveSignedCounts() {
        VerificationReport vr = withQe(qe -> qe.set(QeReport.Field.MRSIGNER, new byte[32]));
        Checks.assertFailures(vr, Set.of("tdx.qe.identity"), Set.of("tdx.quote.signature", "tdx.debug",
                "tdx.td.policy", "tdx.reportdata.address", "tdx.reportdata.nonce"));
        assertThat(vr.check("tdx.qe.identity").orElseThrow().reason())
                .isEqualTo("the quoting enclave is not Intel's TD quoting enclave: MRSIGNER " + "00".repeat(32)
                        + " is not dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
    }

    @Test
    void anotherProductIsRefused() {
        VerificationReport vr = withQe(qe -> qe.isvProdId(1));
        Checks.assertFailures(vr, Set.of("tdx.qe.identity"), Set.of("tdx.quote.signature"));
        assertThat(vr.check("tdx.qe.identity").orElseThrow().reason()).endsWith("ISVPRODID 1 is not 2");
    }

    @Test
    void aDebugEnclaveIsRefused() {
        VerificationReport vr = withQe(qe -> qe.set(QeReport.Field.ATTRIBUTES,
                Hex.decode("1700000000000000e700000000000000")));
        Checks.assertFailures(vr, Set.of("tdx.qe.identity"), Set.of("tdx.quote.signature"));
        assertThat(vr.check("tdx.qe.identity").orElseThrow().reason()).contains("(the enclave is a debug enclave)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01000000", "00000001"})
    void aMiscSelectOtherThanIntelsIsRefused(String miscSelect) {
        VerificationReport vr = withQe(qe -> qe.set(QeReport.Field.MISCSELECT, Hex.decode(miscSelect)));
        assertThat(vr.check("tdx.qe.identity").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("tdx.qe.identity").orElseThrow().reason()).contains("MISCSELECT " + miscSelect);
    }

    @Test
    void maskedAttributeBitsMayDiffer() {
        // MODE64BIT (bit 2) is outside Intel's mask, as are the XFRM bytes
        VerificationReport vr = withQe(qe -> qe.set(QeReport.Field.ATTRIBUTES,
                Hex.decode("1100000000000000ff00000000000000")));
        assertThat(vr.check("tdx.qe.identity").orElseThrow().status()).as(vr.summary()).isEqualTo(Outcome.PASS);
        assertThat(vr.passed()).isTrue();
    }

    @Test
    void belowLevelDcapTheIdentityIsNotChecked() {
        VerificationReport vr = Forged.verify(Forged.capture(Forged.quote(b -> b,
                qe -> qe.set(QeReport.Field.MRSIGNER, new byte[32]))), Forged.policy()
                .level(VerificationPolicy.Level.TDX).build());
        assertThat(vr.check("tdx.qe.identity").orElseThrow().reason()).isEqualTo("not checked at level tdx"
                + " (checked from level dcap)");
    }
}
