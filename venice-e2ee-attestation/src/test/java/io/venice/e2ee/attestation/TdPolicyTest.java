package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.VerificationPolicy.Measurement;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TD policy ({@code tdx.td.policy}): each rule shown on the capture's quote re-signed with exactly that defect,
 * refused by default and passed when the policy allows it; and the allow-lists of every measured register.
 */
class TdPolicyTest {

    private static byte[] le64(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> 8 * i);
        }
        return out;
    }

    private static UnaryOperator<TdReport.Builder> attributes(long value) {
        return b -> b.set(TdReport.Field.TDATTRIBUTES, le64(value));
    }

    private static VerificationReport.Check policyCheck(UnaryOperator<TdReport.Builder> body, TdPolicy td) {
        VerificationReport vr = Forged.verify(Forged.captureWithBody(body), Forged.policy().tdPolicy(td).build());
        return vr.check("tdx.td.policy").orElseThrow();
    }

    private static final long SEPT_VE_DISABLE = 1L << 28;

    @Test
    void theCaptureKeepsTheDefaultPolicy() {
        VerificationReport vr = Forged.verify(Forged.captureWithBody(b -> b), Forged.policy().build());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.check("tdx.td.policy").orElseThrow().reason()).isEqualTo("TD attributes 0x10000000, XFAM"
                + " 0x602e7 within 0x6dbe7, MRCONFIGID[33..48] zero");
    }

    @Test
    void septVeDisableIsRequiredUnlessThePolicySaysOtherwise() {
        VerificationReport.Check c = policyCheck(attributes(0), TdPolicy.defaults());
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).startsWith("SEPT_VE_DISABLE (bit 28) is clear");
        assertThat(policyCheck(attributes(0), TdPolicy.builder().requireSeptVeDisable(false).build()).status())
                .isEqualTo(Outcome.PASS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 27, 29, 32, 40, 62})
    void aReservedAttributeBitIsRefusedWhateverIsAllowed(int bit) {
        TdPolicy everything = TdPolicy.builder().allow(TdPolicy.Attribute.PKS).allow(TdPolicy.Attribute.KL)
                .allow(TdPolicy.Attribute.PERFMON).requireSeptVeDisable(false).build();
        VerificationReport.Check c = policyCheck(attributes(SEPT_VE_DISABLE | 1L << bit), everything);
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains("set reserved bit " + bit);
    }

    @ParameterizedTest
    @EnumSource(TdPolicy.Attribute.class)
    void pksKlAndPerfmonAreRefusedUnlessAllowed(TdPolicy.Attribute a) {
        UnaryOperator<TdReport.Builder> set = attributes(SEPT_VE_DISABLE | 1L << a.bit());
        VerificationReport.Check c = policyCheck(set, TdPolicy.defaults());
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).isEqualTo("TD attribute " + a + " (bit " + a.bit() + ") is set and the policy does not"
                + " allow it");
        assertThat(policyCheck(set, TdPolicy.builder().allow(a).build()).status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void xfamMustStayWithinTheAllowedMaskAndKeepX87AndSse() {
        long capture = 0x602e7L;
        UnaryOperator<TdReport.Builder> pasid = b -> b.set(TdReport.Field.XFAM, le64(capture | 1L << 10));
        VerificationReport.Check c = policyCheck(pasid, TdPolicy.defaults());
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).isEqualTo("XFAM 0x606e7 enables bit 10, outside the allowed 0x6dbe7");
        assertThat(policyCheck(pasid, TdPolicy.builder().allowedXfam(TdPolicy.DEFAULT_ALLOWED_XFAM | 1L << 10)
                .build()).status()).isEqualTo(Outcome.PASS);
        VerificationReport.Check noSse = policyCheck(b -> b.set(TdReport.Field.XFAM, le64(capture & ~2L)),
                TdPolicy.defaults());
        assertThat(noSse.reason()).isEqualTo("XFAM 0x602e5 lacks x87 or SSE (bits 0 and 1)");
    }

    @Test
    void mrConfigIdBeyondTheComposeHashMustBeZero() {
        UnaryOperator<TdReport.Builder> tail = b -> {
            byte[] id = Evidence.captureMrConfigId();
            id[40] = 1;
            return b.set(TdReport.Field.MRCONFIGID, id);
        };
        VerificationReport.Check c = policyCheck(tail, TdPolicy.defaults());
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).isEqualTo("MRCONFIGID[33..48] is not zero (every dstack form leaves it zero)");
        assertThat(policyCheck(tail, TdPolicy.builder().allowAnyMrConfigId(true).build()).status())
                .isEqualTo(Outcome.PASS);
    }

    @Test
    void aServiceTdIsRefusedUnlessAllowed() {
        // a version 5 quote with a TD 1.5 body, re-signed with MRSERVICETD set
        byte[] v5 = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin");
        byte[] serviceTd = new byte[48];
        serviceTd[0] = 0x42;
        byte[] forged = QuoteForge.resign(v5, Forged.PKI, b -> b.set(TdReport.Field.MRSERVICETD, serviceTd));
        assertThat(TdxQuote.parse(forged).version()).isEqualTo(5);
        Instant at = Instant.ofEpochSecond(1771412331L);
        AttestationReport r = DcapSamplesTest.quoteOnly(forged);
        VerificationContext ctx = VerificationContext.builder().at(at).expectedNonce(new byte[32]).build();
        VerificationReport.Check refused = AttestationVerification.verify(r, Forged.policy().build(), ctx)
                .check("tdx.td.policy").orElseThrow();
        assertThat(refused.status()).isEqualTo(Outcome.FAIL);
        assertThat(refused.reason()).startsWith("MRSERVICETD is not zero");
        assertThat(AttestationVerification.verify(r, Forged.policy().tdPolicy(TdPolicy.builder().allowServiceTd(true)
                .build()).build(), ctx).check("tdx.td.policy").orElseThrow().status()).isEqualTo(Outcome.PASS);
        // the original, with no service TD, keeps the default policy
        assertThat(AttestationVerification.verify(DcapSamplesTest.quoteOnly(v5), VerificationPolicy.defaults(), ctx)
                .check("tdx.td.policy").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void theGoTdxGuestSapphireRapidsQuotePassesOnlyUnderAPolicyAllowingPksWithoutSeptVeDisable() {
        AttestationReport spr = DcapSamplesTest.quoteOnly(TestVectors.bytes("tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin"));
        VerificationContext ctx = VerificationContext.builder().at(Instant.ofEpochSecond(1672531200L))
                .expectedNonce(new byte[32]).build();
        VerificationReport.Check byDefault = AttestationVerification.verify(spr, VerificationPolicy.defaults(), ctx)
                .check("tdx.td.policy").orElseThrow();
        assertThat(byDefault.status()).isEqualTo(Outcome.FAIL);
        assertThat(byDefault.reason()).isEqualTo("TD attribute PKS (bit 30) is set and the policy does not allow it;"
                + " SEPT_VE_DISABLE (bit 28) is clear: the host can turn EPT violations into #VE exceptions inside the"
                + " TD; the policy requires it set");
        VerificationPolicy lenient = VerificationPolicy.builder().tdPolicy(TdPolicy.builder()
                .allow(TdPolicy.Attribute.PKS).requireSeptVeDisable(false).build()).build();
        VerificationReport vr = AttestationVerification.verify(spr, lenient, ctx);
        for (String id : DcapSamplesTest.DCAP) {
            assertThat(vr.check(id).orElseThrow().status()).as(id + ": " + vr.check(id)).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void everyMeasuredRegisterHasAnAllowList() {
        TdReport body = TdxQuote.parse(Evidence.captureQuote()).body();
        VerificationPolicy.Builder exact = Forged.policy();
        exact.expect(Measurement.MRSEAM, Hex.encode(body.mrSeam())).expect(Measurement.XFAM, Hex.encode(body.xfam()))
                .expect(Measurement.TD_ATTRIBUTES, Hex.encode(body.tdAttributes()))
                .expect(Measurement.MROWNER, Hex.encode(body.mrOwner()))
                .expect(Measurement.MROWNERCONFIG, Hex.encode(body.mrOwnerConfig()));
        VerificationReport vr = Forged.verify(Forged.captureWithBody(b -> b), exact.build());
        assertThat(vr.check("tdx.measurements.policy").orElseThrow().reason())
                .isEqualTo("mrseam, xfam, td_attributes, mrowner, mrownerconfig match the expected values");
        for (Measurement m : new Measurement[] {Measurement.MRSEAM, Measurement.XFAM, Measurement.TD_ATTRIBUTES,
                Measurement.MROWNER, Measurement.MROWNERCONFIG}) {
            String other = m == Measurement.XFAM || m == Measurement.TD_ATTRIBUTES ? "11".repeat(8) : "11".repeat(48);
            VerificationReport refused = Forged.verify(Forged.captureWithBody(b -> b),
                    Forged.policy().expect(m, other).build());
            Checks.assertFailures(refused, Set.of("tdx.measurements.policy"), Set.of());
            assertThat(refused.check("tdx.measurements.policy").orElseThrow().reason()).startsWith(m.label() + " ");
        }
    }
}
