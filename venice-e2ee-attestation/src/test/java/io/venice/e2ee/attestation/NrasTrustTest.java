package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.pki.CertificateBuilder;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.NrasPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * NRAS tokens count only when their key's {@code x5c} chain validates to a pinned NRAS intermediate at the
 * verification time, with {@code iss}, {@code exp}, {@code nbf} and {@code iat} present and right, and each GPU token
 * tied to its evidence entry by its name, {@code ueid} and nonce. NVIDIA's recorded answer passes with Intermediate 004
 * pinned; answers signed by a test NRAS PKI pass only when it is pinned, and each one-defect forgery is refused.
 */
class NrasTrustTest {
    private static final Instant AT = Evidence.CAPTURE_TIME;
    private static final String NONCE = Hex.encode(Evidence.captureNonce());
    private static final List<BigInteger> SERIALS = Evidence.captureGpuSerials();
    private static final NrasPki NRAS = NrasPki.create(Instant.parse("2026-04-01T00:00:00Z"),
            Instant.parse("2026-05-01T00:00:00Z"), "test-kid");
    private static final NrasTrust TEST_TRUST = new NrasTrust(List.of(NRAS.intermediate().certificate()),
            NrasPki.ISSUER);

    private static VerificationReport.Check nras(String answer, String jwks, NrasTrust trust, Instant at) {
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).nrasTrust(trust).build(),
                Evidence.captureContext().at(at).nras(NrasAnswer.parse(answer)).jwks(Jwks.parse(jwks)).build());
        VerificationReport.Check c = vr.check("nvidia.nras.jwt").orElseThrow();
        assertThat(vr.passed()).as(vr.summary()).isEqualTo(c.status() == Outcome.PASS);
        return c;
    }

    private static VerificationReport.Check forged(Consumer<ObjectNode> overall, BiConsumer<Integer, ObjectNode> gpu) {
        return nras(NRAS.answer(NONCE, SERIALS, AT.minusSeconds(8), overall, gpu), NRAS.jwks(), TEST_TRUST, AT);
    }

    private static void refused(VerificationReport.Check c, String reason) {
        assertThat(c.status()).as(c.reason()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains(reason);
    }

    @Test
    void nvidiasAnswerPassesWithIntermediate004Pinned() throws Exception {
        byte[] spki = MessageDigest.getInstance("SHA-256").digest(PinnedRoots.nrasGpuIntermediate004().getPublicKey()
                .getEncoded());
        assertThat(Hex.encode(spki)).isEqualTo("fd32837f954e2c45db073105166dfe6985ae0480bb113fba63b091a75affe896");
        assertThat(PinnedRoots.nrasGpuIntermediate004().getNotAfter().toInstant())
                .isEqualTo(Instant.parse("2029-12-08T00:00:00Z"));
        VerificationReport.Check c = nras(text("0006_nras.attestation.nvidia.com_v3_attest_gpu.body"),
                text("0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"), NrasTrust.nvidia(), AT);
        assertThat(c.status()).as(c.reason()).isEqualTo(Outcome.PASS);
        assertThat(c.reason()).contains("certified under C=US,O=NVIDIA Corporation,CN=NVIDIA Attestation Service GPU"
                + " Intermediate 004");
    }

    @Test
    void nvidiasAnswerIsRefusedUnderAnotherPin() {
        refused(nras(text("0006_nras.attestation.nvidia.com_v3_attest_gpu.body"),
                text("0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"), TEST_TRUST, AT),
                "NRAS signing certificate chain");
    }

    @Test
    void nvidiasAnswerIsRefusedOnceItsSigningCertificateHasExpired() {
        // the JWKS leaf is valid to 2026-04-25T17:18:44Z; the tokens themselves are long expired by then too
        Instant later = Instant.parse("2026-04-25T17:18:45Z");
        refused(nras(text("0006_nras.attestation.nvidia.com_v3_attest_gpu.body"),
                text("0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"), NrasTrust.nvidia(), later),
                "NRAS signing certificate chain does not validate at certificate 0");
    }

    @Test
    void aForgedAnswerPassesOnlyWhenItsIntermediateIsPinned() {
        assertThat(forged(o -> { }, (i, g) -> { }).status()).isEqualTo(Outcome.PASS);
        String answer = NRAS.answer(NONCE, SERIALS, AT.minusSeconds(8), o -> { }, (i, g) -> { });
        refused(nras(answer, NRAS.jwks(), new NrasTrust(List.of(PinnedRoots.nrasGpuIntermediate004()),
                NrasPki.ISSUER), AT), "NRAS key 'test-kid': NRAS signing certificate chain");
    }

    @Test
    void anAttackersKeyBesideNvidiasGenuineIntermediateIsRefused() {
        // the attacker's key in a certificate naming Intermediate 004 as its issuer, served with the genuine 004
        NrasPki attacker = NrasPki.create(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"),
                "test-kid");
        var leaf = CertificateBuilder.subject("CN=NVIDIA Attestation Service GPU GH100,O=NVIDIA Corporation,C=US",
                attacker.signer().keys().getPublic()).issuer(PinnedRoots.nrasGpuIntermediate004()
                .getSubjectX500Principal(), Curve.P384.generate()).build();
        String jwks = attacker.jwks(k -> {
            ArrayNode x5c = k.putArray("x5c");
            try {
                x5c.add(Base64.getEncoder().encodeToString(leaf.getEncoded()));
                x5c.add(Base64.getEncoder().encodeToString(PinnedRoots.nrasGpuIntermediate004().getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        });
        String answer = attacker.answer(NONCE, SERIALS, AT.minusSeconds(8), o -> o.put("iss",
                NrasTrust.NVIDIA_ISSUER), (i, g) -> g.put("iss", NrasTrust.NVIDIA_ISSUER));
        refused(nras(answer, jwks, NrasTrust.nvidia(), AT), "NRAS key 'test-kid': NRAS signing certificate chain does"
                + " not validate");
    }

    @Test
    void aKeyWithoutX5cOrForAnotherAlgorithmIsRefused() {
        String answer = NRAS.answer(NONCE, SERIALS, AT.minusSeconds(8), o -> { }, (i, g) -> { });
        refused(nras(answer, NRAS.jwks(k -> k.remove("x5c")), TEST_TRUST, AT), "NRAS key 'test-kid' has no x5c"
                + " certificate chain");
        refused(nras(answer, NRAS.jwks(k -> k.put("alg", "ES256")), TEST_TRUST, AT), "NRAS key 'test-kid' is for"
                + " ES256, not ES384");
        assertThatThrownBy(() -> Jwks.parse(NRAS.jwks(k -> k.put("x", k.path("y").asText()))))
                .isInstanceOf(AttestationException.MalformedNrasAnswer.class);
    }

    @Test
    void aJwkWhoseX5cHoldsAnotherKeyIsRefused() {
        NrasPki other = NrasPki.create(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"),
                "other");
        String mixed = NRAS.jwks(k -> {
            ArrayNode x5c = k.putArray("x5c");
            try {
                x5c.add(Base64.getEncoder().encodeToString(other.signer().certificate().getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> Jwks.parse(mixed)).isInstanceOf(AttestationException.MalformedNrasAnswer.class)
                .hasMessageContaining("x5c[0] certificate holds another key than the JWK");
    }

    @Test
    void anAlgorithmOtherThanEs384IsRefused() {
        String jwt = NRAS.token(Checks.JSON.createObjectNode(), h -> h.put("alg", "none"));
        String answer = NRAS.answer(NONCE, SERIALS, AT.minusSeconds(8), o -> { }, (i, g) -> { });
        String swapped = answer.replaceFirst("\\[\\[\"JWT\",\"[^\"]+\"\\]", "[[\"JWT\",\"" + jwt + "\"]");
        refused(nras(swapped, NRAS.jwks(), TEST_TRUST, AT), "overall token is not ES384-signed (alg none)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "nbf", "iat", "iss"})
    void everyTimeClaimAndTheIssuerAreRequired(String claim) {
        refused(forged(o -> o.remove(claim), (i, g) -> { }), claim.equals("iss")
                ? "overall token is issued by '(none)'" : "overall token has no " + claim);
        refused(forged(o -> { }, (i, g) -> g.remove(claim)), "GPU-0 token");
    }

    @Test
    void theTimesAndIssuerAreChecked() {
        long t = AT.getEpochSecond();
        refused(forged(o -> o.put("exp", t), (i, g) -> { }), "overall token expired at " + AT);
        refused(forged(o -> o.put("nbf", t + 1), (i, g) -> { }), "overall token is not valid before");
        refused(forged(o -> { }, (i, g) -> g.put("iat", t + 60)), "GPU-0 token was issued at");
        refused(forged(o -> o.put("iss", "https://nras.attacker.example"), (i, g) -> { }),
                "overall token is issued by 'https://nras.attacker.example', not " + NrasPki.ISSUER);
    }

    @Test
    void eachGpuTokenMustSpeakForItsOwnEvidence() {
        // GPU-0's token speaking for GPU-1's device: ueid of another certificate
        refused(forged(o -> { }, (i, g) -> g.put("ueid", SERIALS.get(i == 0 ? 1 : i).toString())),
                "GPU-0 token speaks for the GPU with ueid '" + SERIALS.get(1) + "', not for evidence_list[0]");
        refused(forged(o -> { }, (i, g) -> g.put("eat_nonce", "00".repeat(32))), "GPU-0 token carries another nonce");
        refused(forged(o -> o.put("eat_nonce", "00".repeat(32)), (i, g) -> { }), "overall token carries another nonce");
    }

    @Test
    void theAnswerMustCoverExactlyTheEvidence() {
        List<BigInteger> nine = new ArrayList<>(SERIALS);
        nine.add(BigInteger.TEN);
        refused(nras(NRAS.answer(NONCE, nine, AT.minusSeconds(8), o -> { }, (i, g) -> { }), NRAS.jwks(), TEST_TRUST,
                AT), "NRAS answered for 9 GPUs but the evidence lists 8");
        refused(forged(o -> ((ObjectNode) o.path("submods")).remove("GPU-7"), (i, g) -> { }),
                "the overall token names 7 GPU tokens (submods) but the evidence lists 8");
        String renamed = NRAS.answer(NONCE, SERIALS, AT.minusSeconds(8), o -> { }, (i, g) -> { })
                .replace("\"GPU-7\"", "\"GPU-8\"");
        refused(nras(renamed, NRAS.jwks(), TEST_TRUST, AT), "NRAS answered for 'GPU-8', which is none of GPU-0 to GPU-7");
    }

    @Test
    void eachGpuMustBeMeasuredSecurelyBootedAndNotDebugged() {
        refused(forged(o -> { }, (i, g) -> { if (i == 3) { g.put("measres", "fail"); } }),
                "GPU-3: measurement result is 'fail', not success");
        refused(forged(o -> { }, (i, g) -> { if (i == 3) { g.put("secboot", false); } }),
                "GPU-3: secure boot is 'false', not true");
        refused(forged(o -> { }, (i, g) -> { if (i == 3) { g.remove("secboot"); } }),
                "GPU-3: secure boot is '(none)', not true");
        refused(forged(o -> { }, (i, g) -> { if (i == 3) { g.put("dbgstat", "enabled"); } }),
                "GPU-3: debug status is 'enabled', not disabled");
        refused(forged(o -> o.put("x-nvidia-overall-att-result", false), (i, g) -> { }),
                "NVIDIA's overall attestation result is not true");
    }

    @Test
    void aPinnedIntermediateOutsideItsValidityIsRefused() {
        // the signing certificate is current; the pinned intermediate expired a second before (PKIX alone accepts it)
        NrasPki old = NrasPki.create(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-04-24T01:58:40Z"),
                Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"), "old");
        String answer = old.answer(NONCE, SERIALS, AT.minusSeconds(8), o -> { }, (i, g) -> { });
        refused(nras(answer, old.jwks(), new NrasTrust(List.of(old.intermediate().certificate()), NrasPki.ISSUER), AT),
                "NRAS key 'old': NRAS signing certificate chain: the trust anchor CN=Test NRAS GPU Intermediate");
    }

    private static String text(String file) {
        return Evidence.text(Evidence.CAPTURE + file);
    }
}
