package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.tdx.TdxQuote;
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
        int end = TdxQuote.parse(quote).signedRegion().length + 4;
        // the signature data ends where its length field says; find it by parsing, then cut everywhere before
        int sigLen = (quote[end - 4] & 0xff) | (quote[end - 3] & 0xff) << 8 | (quote[end - 2] & 0xff) << 16;
        int full = end + sigLen;
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
        int at = 48 + 584;
        byte[] huge = quote.clone();
        huge[at + 3] = 0x7f;
        assertField(huge, "signature_data");
        byte[] version = quote.clone();
        version[0] = 3;
        assertField(version, "header.version");
        byte[] tee = quote.clone();
        tee[4] = 0;
        assertField(tee, "header.tee_type");
        byte[] certType = quote.clone();
        certType[at + 4 + 128] = 5;
        assertField(certType, "signature_data.certification_data.type");
        byte[] v5 = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin");
        byte[] bodySize = v5.clone();
        bodySize[50] = 1;
        assertField(bodySize, "body_descriptor.size");
        byte[] bodyType = v5.clone();
        bodyType[48] = 1;
        assertField(bodyType, "body_descriptor.type");
    }

    private static void assertField(byte[] quote, String field) {
        assertThatThrownBy(() -> TdxQuote.parse(quote)).isInstanceOf(AttestationException.MalformedQuote.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo(field));
    }
}
