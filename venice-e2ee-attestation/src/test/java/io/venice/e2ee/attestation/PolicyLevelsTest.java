package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.pki.IntelPki;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLevelsTest {

    @Test
    void theBuiltInChecksRunWithoutServiceLoader() throws Exception {
        assertThat(AttestationVerification.builtInNames()).containsExactly("binding", "tdx", "nvidia", "compose", "ohttp",
                "aci", "guards");
        assertThat(AttestationVerification.extensionNames()).isEmpty();
        assertThat(java.util.Collections.list(AttestationVerification.class.getClassLoader()
                .getResources("META-INF/services/" + io.venice.e2ee.spi.AttestationVerifier.class.getName()))).isEmpty();
    }

    @Test
    void thePinnedRootsAreIntelsAndNvidias() throws Exception {
        byte[] fp = MessageDigest.getInstance("SHA-256").digest(PinnedRoots.intelSgxRootCa().getEncoded());
        assertThat(Hex.encode(fp)).isEqualTo("44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
        assertThat(PinnedRoots.nvidiaDeviceIdentityCa().getSubjectX500Principal().getName())
                .contains("CN=NVIDIA Device Identity CA");
    }

    @Test
    void basicLevelSkipsEverythingElseWithTheReason() {
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.builder().level(VerificationPolicy.Level.BASIC).build(),
                VerificationContext.builder().expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
        assertThat(Checks.ids(vr, Outcome.PASS))
                .containsExactlyInAnyOrder("server.verified", "nonce.echo", "key.present", "key.address");
        assertThat(vr.check("tdx.quote.parse").orElseThrow().reason())
                .isEqualTo("not checked at level basic (checked from level tdx)");
        assertThat(vr.passed()).isTrue();
    }

    @Test
    void tdxLevelChecksTheBodyWithoutTheSignatureChain() {
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.builder().level(VerificationPolicy.Level.TDX).build(),
                VerificationContext.builder().expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
        assertThat(Checks.ids(vr, Outcome.PASS)).contains("tdx.debug", "tdx.reportdata.address",
                "tdx.reportdata.nonce", "tdx.eventlog.rtmr", "tdx.compose.hash");
        assertThat(vr.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(vr.check("nvidia.nonce").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void theSha256NonceBindingNeedsThePolicy() throws Exception {
        IntelPki pki = IntelPki.builder().build();
        byte[] nonce = Evidence.captureNonce();
        byte[] hashed = MessageDigest.getInstance("SHA-256").digest(nonce);
        byte[] reportData = TdxQuote.parse(Evidence.captureQuote()).body().reportData();
        System.arraycopy(hashed, 0, reportData, 32, 32);
        byte[] quote = QuoteForge.resign(Evidence.captureQuote(), pki,
                b -> b.set(TdReport.Field.REPORTDATA, reportData));
        AttestationReport r = Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(quote)));
        VerificationContext ctx = VerificationContext.builder().expectedNonce(nonce).at(Evidence.CAPTURE_TIME).build();
        VerificationReport strict = AttestationVerification.verify(r,
                VerificationPolicy.builder().extraTrustAnchor(pki.root().certificate()).build(), ctx);
        Checks.assertFailures(strict, Set.of("tdx.reportdata.nonce"), Set.of());
        VerificationReport lenient = AttestationVerification.verify(r,
                VerificationPolicy.builder().extraTrustAnchor(pki.root().certificate()).allowSha256NonceBinding(true).build(), ctx);
        assertThat(lenient.passed()).as(lenient.summary()).isTrue();
    }

    @Test
    void theFullLevelNamesEachMissingInput() {
        AttestationReport capture = AttestationReport.parse(Evidence.captureJson());
        VerificationPolicy full = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build();
        VerificationContext.Builder bare = VerificationContext.builder().expectedNonce(Evidence.captureNonce())
                .at(Evidence.CAPTURE_TIME);
        VerificationReport none = AttestationVerification.verify(capture, full, bare.build());
        assertThat(none.check("tdx.collateral.signatures").orElseThrow().reason())
                .isEqualTo("no Intel collateral given: level full needs it (TCB info, QE identity, CRLs)");
        assertThat(none.check("nvidia.nras.jwt").orElseThrow().reason()).isEqualTo("no NRAS answer and no NRAS key"
                + " set (JWKS) given: level full needs NVIDIA's remote attestation answer and its key set");
        VerificationReport noKeys = AttestationVerification.verify(capture, full,
                bare.nras(Evidence.captureNras()).build());
        assertThat(noKeys.check("nvidia.nras.jwt").orElseThrow().reason())
                .startsWith("no NRAS key set (JWKS) given: ");
        VerificationReport noAnswer = AttestationVerification.verify(capture, full,
                VerificationContext.builder().expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME)
                        .jwks(Evidence.captureJwks()).build());
        assertThat(noAnswer.check("nvidia.nras.jwt").orElseThrow().reason()).startsWith("no NRAS answer given: ");
    }

    @Test
    void missingInputsFailInsteadOfPassing() {
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse("{}"), VerificationPolicy.defaults(),
                VerificationContext.builder().at(Evidence.CAPTURE_TIME).build());
        assertThat(Checks.ids(vr, Outcome.PASS)).isEmpty();
        assertThat(vr.check("tdx.quote.parse").orElseThrow().reason()).isEqualTo("the evidence has no intel_quote");
        assertThat(vr.check("nonce.echo").orElseThrow().reason()).startsWith("no expected nonce was given");
        assertThat(vr.check("nvidia.nonce").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        VerificationReport cpuOnly = AttestationVerification.verify(AttestationReport.parse("{}"),
                VerificationPolicy.builder().requireGpuEvidence(false).build(),
                VerificationContext.builder().at(Evidence.CAPTURE_TIME).build());
        assertThat(cpuOnly.check("nvidia.nonce").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void theContextNeedsATimeAndA32ByteNonce() {
        assertThatThrownBy(() -> VerificationContext.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> VerificationContext.builder().expectedNonce(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VerificationPolicy.Level.parse("Full")).isEqualTo(VerificationPolicy.Level.FULL);
        assertThatThrownBy(() -> VerificationPolicy.Level.parse("paranoid")).isInstanceOf(IllegalArgumentException.class);
    }
}
