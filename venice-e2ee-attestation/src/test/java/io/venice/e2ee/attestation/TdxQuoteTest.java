package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.attestation.tdx.TdxQuote.Part;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.attestation.error.AttestationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class TdxQuoteTest {

    @Test
    void parsesAV4Quote() {
        TdxQuote q = TdxQuote.parse(TestVectors.bytes("tdx/dcapqvl_tdx_quote_v4.bin"));
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.body().isTd15()).isFalse();
        assertThat(q.body().teeTcbSvn2()).isNull();
        assertThat(q.signedRegion()).hasSize(48 + 584);
        assertThat(q.qeAuthData()).hasSize(32);
        assertThat(q.pckChainPem()).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
    }

    @Test
    void parsesAV5Td15Quote() {
        TdxQuote q = TdxQuote.parse(TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin"));
        assertThat(q.version()).isEqualTo(5);
        assertThat(q.body().isTd15()).isTrue();
        assertThat(q.body().mrServiceTd()).hasSize(48);
        assertThat(q.signedRegion()).hasSize(48 + 6 + 648);
    }

    @Test
    void readsTheCaptureFieldsTheServerReports() {
        AttestationReport r = AttestationReport.parse(Evidence.captureJson());
        TdxQuote q = TdxQuote.parse(r.intelQuote().toOptional().orElseThrow());
        var m = r.serverVerification().path("tdx").path("measurements");
        assertThat(Hex.encode(q.body().mrTd())).isEqualTo(m.path("mrtd").asText());
        assertThat(Hex.encode(q.body().rtmr(3))).isEqualTo(m.path("rtmr3").asText());
        assertThat(Hex.encode(q.body().mrConfigId())).isEqualTo(m.path("mrconfigid").asText());
        assertThat(Hex.encode(q.body().tdAttributes())).isEqualTo(m.path("tdAttributes").asText());
        assertThat(Hex.encode(q.body().reportData())).isEqualTo(r.serverVerification().path("tdx").path("reportData").asText());
        assertThat(q.body().debug()).isFalse();
    }

    @Test
    void trailingBytesAreIgnored() {
        byte[] spr = TestVectors.bytes("tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin");
        TdxQuote q = TdxQuote.parse(spr);
        byte[] extended = Arrays.copyOf(spr, spr.length + 100);
        assertThat(TdxQuote.parse(extended).signature()).isEqualTo(q.signature());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tdx/dcapqvl_tdx_quote_v4.bin", "tdx/dcapqvl_tdx_quote_v5_outdated.bin",
            "tdx/gotdxguest_quote_v5_sample.bin", "tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin"})
    void everyTruncationIsATypedError(String file) {
        byte[] quote = TestVectors.bytes(file);
        // the signature data ends where its length field says
        int full = TdxQuote.parse(quote).span(Part.SIGNATURE_DATA).end();
        for (int n = 0; n < full; n++) {
            byte[] cut = Arrays.copyOf(quote, n);
            Throwable t = catchThrowable(() -> TdxQuote.parse(cut));
            assertThat(t).as("truncated to %d bytes", n).isInstanceOf(AttestationException.MalformedQuote.class);
        }
        assertThat(TdxQuote.parse(Arrays.copyOf(quote, full)).version()).isIn(4, 5);
    }

    @Test
    void inconsistentLengthsAreTypedErrors() {
        byte[] quote = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v4.bin");
        TdxQuote q = TdxQuote.parse(quote);
        byte[] huge = quote.clone();
        huge[q.span(Part.SIGNATURE_DATA_LENGTH).offset() + 3] = 0x7f;
        assertField(huge, "signature_data");
        byte[] version = quote.clone();
        version[q.span(Part.VERSION).offset()] = 3;
        assertField(version, "header.version");
        byte[] tee = quote.clone();
        tee[q.span(Part.TEE_TYPE).offset()] = 0;
        assertField(tee, "header.tee_type");
        byte[] certType = quote.clone();
        certType[q.span(Part.CERTIFICATION_DATA_TYPE).offset()] = 5;
        assertField(certType, "signature_data.certification_data.type");
        byte[] v5 = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin");
        TdxQuote q5 = TdxQuote.parse(v5);
        byte[] bodySize = v5.clone();
        bodySize[q5.span(Part.BODY_DESCRIPTOR_SIZE).offset()] = 1;
        assertField(bodySize, "body_descriptor.size");
        byte[] bodyType = v5.clone();
        bodyType[q5.span(Part.BODY_DESCRIPTOR_TYPE).offset()] = 1;
        assertField(bodyType, "body_descriptor.type");
    }

    @Test
    void thePartsLieWhereIntelsLayoutPutsThem() {
        // Intel's TDX DCAP quote layout (v4): header 48, body 584, then the signature data
        TdxQuote v4 = TdxQuote.parse(TestVectors.bytes("tdx/dcapqvl_tdx_quote_v4.bin"));
        assertThat(v4.span(Part.USER_DATA)).isEqualTo(new TdxQuote.Span(28, 20));
        assertThat(v4.span(Part.BODY)).isEqualTo(new TdxQuote.Span(48, 584));
        assertThat(v4.span(TdReport.Field.TDATTRIBUTES)).isEqualTo(new TdxQuote.Span(48 + 0x78, 8));
        assertThat(v4.span(TdReport.Field.REPORTDATA)).isEqualTo(new TdxQuote.Span(48 + 0x208, 64));
        assertThat(v4.span(Part.SIGNATURE_DATA_LENGTH)).isEqualTo(new TdxQuote.Span(632, 4));
        assertThat(v4.span(Part.QUOTE_SIGNATURE)).isEqualTo(new TdxQuote.Span(636, 64));
        assertThat(v4.span(Part.ATTESTATION_KEY)).isEqualTo(new TdxQuote.Span(700, 64));
        assertThat(v4.span(Part.CERTIFICATION_DATA_TYPE)).isEqualTo(new TdxQuote.Span(764, 2));
        assertThat(v4.span(Part.QE_REPORT)).isEqualTo(new TdxQuote.Span(770, 384));
        assertThat(v4.span(Part.QE_REPORT_SIGNATURE)).isEqualTo(new TdxQuote.Span(1154, 64));
        assertThatThrownBy(() -> v4.span(Part.BODY_DESCRIPTOR_TYPE)).isInstanceOf(IllegalArgumentException.class);
        TdxQuote v5 = TdxQuote.parse(TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin"));
        assertThat(v5.span(Part.BODY_DESCRIPTOR_TYPE)).isEqualTo(new TdxQuote.Span(48, 2));
        assertThat(v5.span(Part.BODY)).isEqualTo(new TdxQuote.Span(54, 648));
        assertThat(v5.span(TdReport.Field.MRSERVICETD)).isEqualTo(new TdxQuote.Span(54 + 0x258, 48));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tdx/dcapqvl_tdx_quote_v4.bin", "tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin"})
    void eachSpanHoldsItsPart(String file) {
        byte[] raw = TestVectors.bytes(file);
        TdxQuote q = TdxQuote.parse(raw);
        assertThat(slice(raw, q.span(Part.QUOTE_SIGNATURE))).isEqualTo(q.signature());
        assertThat(slice(raw, q.span(Part.ATTESTATION_KEY))).isEqualTo(q.attestationKey());
        assertThat(slice(raw, q.span(Part.QE_REPORT))).isEqualTo(q.qeReport().raw());
        assertThat(slice(raw, q.span(Part.QE_AUTH_DATA))).isEqualTo(q.qeAuthData());
        assertThat(slice(raw, q.span(Part.PCK_CERTIFICATION_DATA))).isEqualTo(q.pckCertificationData());
        for (TdReport.Field f : TdReport.Field.values()) {
            if (!f.td15Only()) {
                assertThat(slice(raw, q.span(f))).as(f.name()).isEqualTo(q.body().get(f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tdx/dcapqvl_tdx_quote_v4.bin", "tdx/gotdxguest_tdx_prod_quote_SPR_E4_v4.bin",
        "tdx/dcapqvl_tdx_quote_v5_outdated.bin", "tdx/gotdxguest_quote_v5_sample.bin"})
    void theWriterReassemblesRealQuotesByteForByte(String file) {
        byte[] raw = TestVectors.bytes(file);
        TdxQuote q = TdxQuote.parse(raw);
        TdxQuote.Writer w = q.toWriter();
        assertThat(w.signedRegion()).isEqualTo(q.signedRegion());
        assertThat(w.write(q.signature())).isEqualTo(Arrays.copyOf(raw, q.span(Part.SIGNATURE_DATA).end()));
    }

    @Test
    void theCaptureQuoteReassemblesByteForByte() {
        byte[] raw = Evidence.captureQuote();
        TdxQuote q = TdxQuote.parse(raw);
        int end = q.span(Part.SIGNATURE_DATA).end();
        assertThat(q.toWriter().write(q.signature())).isEqualTo(Arrays.copyOf(raw, end));
        // what Venice serves after the signature data is zero padding, which the parser ignores
        assertThat(Arrays.copyOfRange(raw, end, raw.length)).containsOnly(0);
    }

    @Test
    void aWrittenQuoteParsesToWhatWasWritten() {
        byte[] mrtd = new byte[48];
        Arrays.fill(mrtd, (byte) 0x5a);
        TdReport body = TdReport.builder().set(TdReport.Field.MRTD, mrtd).debug(true).build();
        QeReport qe = QeReport.builder().isvProdId(2).isvSvn(8)
                .set(QeReport.Field.REPORTDATA, QeReport.reportDataFor(new byte[64], new byte[] {1, 2})).build();
        TdxQuote.Writer w = TdxQuote.writer().body(body).attestationKey(new byte[64]).qeReport(qe)
                .qeReportSignature(new byte[64]).qeAuthData(new byte[] {1, 2}).pckChainPem("PEM");
        TdxQuote q = TdxQuote.parse(w.write(new byte[64]));
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.body().mrTd()).isEqualTo(mrtd);
        assertThat(q.body().debug()).isTrue();
        assertThat(q.qeReport().isvProdId()).isEqualTo(2);
        assertThat(q.qeReport().isvSvn()).isEqualTo(8);
        assertThat(q.qeAuthData()).containsExactly(1, 2);
        assertThat(q.pckChainPem()).isEqualTo("PEM");
        assertThatThrownBy(() -> TdReport.builder().set(TdReport.Field.MRTD, new byte[47]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TdReport.builder().set(TdReport.Field.MRSERVICETD, new byte[48]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TdxQuote.writer().write(new byte[64])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void signingBindsANewAttestationKeyThroughTheQeReport() throws Exception {
        java.security.KeyPair pck = io.venice.e2ee.testing.pki.Curve.P256.generate();
        java.security.KeyPair att = io.venice.e2ee.testing.pki.Curve.P256.generate();
        TdxQuote original = TdxQuote.parse(TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin"));
        TdxQuote q = TdxQuote.parse(original.toWriter().sign(pck.getPrivate(), att));
        assertThat(q.version()).isEqualTo(5);
        assertThat(q.body().raw()).isEqualTo(original.body().raw());
        assertThat(q.attestationKey()).isEqualTo(io.venice.e2ee.testing.pki.Curve.P256.rawPublicKey(att.getPublic()));
        assertThat(q.qeReport().reportData()).isEqualTo(QeReport.reportDataFor(q.attestationKey(), q.qeAuthData()));
        assertThat(EcKeys.verifyP256(pck.getPublic(), q.qeReport().raw(), q.qeReportSignature())).isTrue();
        assertThat(EcKeys.verifyP256(att.getPublic(), q.signedRegion(), q.signature())).isTrue();
        // a TD 1.5 body is carried by version 5 only
        assertThatThrownBy(() -> original.toWriter().version(4).signedRegion())
                .isInstanceOf(IllegalStateException.class);
        TdxQuote v5td10 = TdxQuote.parse(TdxQuote.parse(Evidence.captureQuote()).toWriter().version(5)
                .sign(pck.getPrivate(), att));
        assertThat(v5td10.version()).isEqualTo(5);
        assertThat(v5td10.body().isTd15()).isFalse();
        assertThat(TdReport.td15Builder().build().isTd15()).isTrue();
    }

    private static byte[] slice(byte[] raw, TdxQuote.Span span) {
        return Arrays.copyOfRange(raw, span.offset(), span.end());
    }

    private static void assertField(byte[] quote, String field) {
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(AttestationException.MalformedQuote.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo(field));
    }
}
