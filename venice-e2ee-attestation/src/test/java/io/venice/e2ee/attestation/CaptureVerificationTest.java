package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.pki.IntelPki;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Venice capture: every check passes with its own inputs; each tampering fails the right check. */
class CaptureVerificationTest {
    private static final VerificationPolicy FULL = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build();
    private static final Set<String> BODY = Set.of("tdx.debug", "tdx.reportdata.address", "tdx.reportdata.nonce",
            "tdx.tcb.status", "tdx.eventlog.rtmr", "tdx.compose.hash", "tdx.measurements.policy");

    private static VerificationReport verify(AttestationReport r, VerificationPolicy policy) {
        return AttestationVerification.verify(r, policy, Evidence.captureContext().build());
    }

    private static AttestationReport capture() {
        return AttestationReport.parse(Evidence.captureJson());
    }

    private static AttestationReport withQuote(Consumer<byte[]> edit) {
        byte[] q = Evidence.captureQuote();
        edit.accept(q);
        return Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(q)));
    }

    /** The capture with one byte flipped, {@code at} bytes into {@code part} of its quote. */
    private static AttestationReport flipped(TdxQuote.Part part, int at) {
        int offset = TdxQuote.parse(Evidence.captureQuote()).span(part).offset() + at;
        return withQuote(q -> q[offset] ^= 1);
    }

    private static VerificationPolicy fullWithExpectedMeasurements() {
        var tcb = capture().tcbInfo().toOptional().orElseThrow();
        return VerificationPolicy.builder().level(VerificationPolicy.Level.FULL)
                .expect(VerificationPolicy.Measurement.MRTD, tcb.path("mrtd").asText())
                .expect(VerificationPolicy.Measurement.RTMR0, tcb.path("rtmr0").asText())
                .expect(VerificationPolicy.Measurement.RTMR1, tcb.path("rtmr1").asText())
                .expect(VerificationPolicy.Measurement.RTMR2, tcb.path("rtmr2").asText())
                .expect(VerificationPolicy.Measurement.RTMR3, tcb.path("rtmr3").asText())
                .expect(VerificationPolicy.Measurement.COMPOSE_HASH, capture().composeHash().toOptional().orElseThrow())
                .build();
    }

    @Test
    void everyCheckPassesAtTheCaptureTime() {
        VerificationReport vr = AttestationVerification.verify(capture(), fullWithExpectedMeasurements(),
                Evidence.captureContext().requestedModel("e2ee-qwen3-5-122b-a10b").build());
        assertThat(vr.checks()).extracting(VerificationReport.Check::id).containsExactly("server.verified",
                "nonce.echo", "key.present", "key.address", "tdx.quote.parse", "tdx.pck.chain", "tdx.qe.signature",
                "tdx.qe.reportdata", "tdx.quote.signature", "tdx.debug", "tdx.reportdata.address",
                "tdx.reportdata.nonce", "tdx.collateral.signatures", "tdx.tcb.status", "tdx.measurements.policy",
                "tdx.eventlog.rtmr", "tdx.compose.hash", "nvidia.cert.chain", "nvidia.evidence.signature",
                "nvidia.nonce", "nvidia.nras.jwt", "compose.quote", "compose.same_td", "compose.reportdata",
                "compose.actions_hash", "compose.eventlog", "ohttp.signature", "aci.keyset.digest",
                "aci.quote.binding", "model.match");
        // the capture serves no ohttp_attestation and is no ACI envelope: those checks have nothing to check
        Set<String> notServed = Set.of("ohttp.signature", "aci.keyset.digest", "aci.quote.binding");
        assertThat(vr.checks()).as(vr.toJson()).allMatch(c -> c.status() == (notServed.contains(c.id())
                ? Outcome.SKIP : Outcome.PASS));
        assertThat(vr.passed()).isTrue();
        assertThat(vr.measurements()).containsEntry("tcb_status", "UpToDate").containsEntry("gpu_count", "8")
                .containsEntry("mrtd", capture().tcbInfo().toOptional().orElseThrow().path("mrtd").asText());
    }

    @Test
    void theDefaultPolicyPassesOffline() {
        VerificationReport vr = AttestationVerification.verify(capture(), VerificationPolicy.defaults(),
                VerificationContext.builder().expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.check("tdx.tcb.status").orElseThrow().reason()).startsWith("not checked at level dcap");
        assertThat(vr.check("nvidia.nras.jwt").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void anUnexpectedMeasurementFails() {
        VerificationPolicy p = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).expect(VerificationPolicy.Measurement.RTMR3, "00".repeat(48)).build();
        VerificationReport vr = verify(capture(), p);
        Checks.assertFailures(vr, Set.of("tdx.measurements.policy"), Set.of());
    }

    @Test
    void aFlippedBodyByteFailsTheQuoteSignature() {
        int mrtd = TdxQuote.parse(Evidence.captureQuote()).span(TdReport.Field.MRTD).offset();
        VerificationReport vr = verify(withQuote(q -> q[mrtd] ^= 1), FULL);
        Checks.assertFailures(vr, Set.of("tdx.quote.signature"), BODY);
    }

    @Test
    void aFlippedHeaderByteFailsTheQuoteSignature() {
        VerificationReport vr = verify(flipped(TdxQuote.Part.USER_DATA, 0), FULL);
        Checks.assertFailures(vr, Set.of("tdx.quote.signature"), BODY);
    }

    @Test
    void aFlippedSignatureByteFailsTheQuoteSignature() {
        VerificationReport vr = verify(flipped(TdxQuote.Part.QUOTE_SIGNATURE, 10), FULL);
        Checks.assertFailures(vr, Set.of("tdx.quote.signature"), BODY);
    }

    @Test
    void aFlippedQeReportByteFailsTheQeSignature() {
        VerificationReport vr = verify(flipped(TdxQuote.Part.QE_REPORT, 100), FULL);
        Checks.assertFailures(vr, Set.of("tdx.qe.signature"), union(BODY, Set.of("tdx.qe.reportdata",
                "tdx.quote.signature")));
    }

    @Test
    void aFlippedCertificateByteFailsThePckChain() {
        VerificationReport vr = verify(withQuote(q -> {
            String text = new String(q, StandardCharsets.ISO_8859_1);
            int leafEnd = text.indexOf("-----END CERTIFICATE-----");
            int at = leafEnd - 20;
            q[at] = (byte) (q[at] == 'A' ? 'B' : 'A');
        }), FULL);
        Checks.assertFailures(vr, Set.of("tdx.pck.chain"), union(BODY, Set.of("tdx.qe.signature",
                "tdx.qe.reportdata", "tdx.quote.signature", "tdx.collateral.signatures")));
    }

    @Test
    void anotherNonceFailsEveryNonceBinding() {
        byte[] other = Evidence.captureNonce();
        other[0] ^= 1;
        VerificationReport vr = AttestationVerification.verify(capture(), FULL,
                Evidence.captureContext().expectedNonce(other).build());
        Checks.assertFailures(vr, Set.of("nonce.echo", "tdx.reportdata.nonce", "nvidia.nonce", "nvidia.nras.jwt",
                "compose.reportdata"), Set.of());
    }

    @Test
    void anotherValidKeyFailsTheAddressBindings() throws Exception {
        // another valid secp256k1 point: the generator G
        String g = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";
        VerificationReport vr = verify(Checks.editedCapture(root -> {
            root.put("signing_key", g);
            root.put("signing_public_key", g);
        }), FULL);
        Checks.assertFailures(vr, Set.of("key.address", "tdx.reportdata.address"), Set.of());
        assertThat(vr.check("key.present").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aKeyOffTheCurveIsRefused() {
        String bad = "04" + "11".repeat(64);
        VerificationReport vr = verify(Checks.editedCapture(root -> {
            root.put("signing_key", bad);
            root.put("signing_public_key", bad);
        }), FULL);
        assertThat(vr.check("key.present").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("key.address").orElseThrow().reason()).isEqualTo("depends on key.present which failed");
    }

    @Test
    void aDebugTdFailsOnlyTheDebugCheck() throws Exception {
        IntelPki pki = IntelPki.builder().build();
        byte[] debug = QuoteForge.resign(Evidence.captureQuote(), pki, b -> b.debug(true));
        AttestationReport r = Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(debug)));
        VerificationPolicy withTestRoot = VerificationPolicy.builder().extraTrustAnchor(pki.root().certificate()).build();
        VerificationReport vr = verify(r, withTestRoot);
        // the compose-manager's genuine quote still carries the real TD's attributes
        Checks.assertFailures(vr, Set.of("tdx.debug", "compose.same_td"), Set.of());

        byte[] clean = QuoteForge.resign(Evidence.captureQuote(), pki, b -> b);
        AttestationReport ok = Checks.editedCapture(root -> root.put("intel_quote", Hex.encode(clean)));
        assertThat(verify(ok, withTestRoot).passed()).isTrue();
        // the test root is trusted only when the policy names it
        Checks.assertFailures(verify(ok, VerificationPolicy.defaults()), Set.of("tdx.pck.chain"), Set.of("tdx.quote.signature"));
    }

    @Test
    void expiredCollateralFailsTheCollateralCheck() {
        VerificationReport vr = AttestationVerification.verify(capture(), FULL,
                Evidence.captureContext().at(java.time.Instant.parse("2026-05-25T00:00:00Z")).build());
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().reason()).contains("expired");
        assertThat(vr.check("tdx.tcb.status").orElseThrow().reason())
                .isEqualTo("depends on tdx.collateral.signatures which failed");
    }

    @Test
    void aWrongGpuNonceFailsTheNvidiaNonce() {
        VerificationReport vr = verify(Checks.editedCapture(root -> {
            try {
                ObjectNode p = (ObjectNode) Checks.JSON.readTree(root.path("nvidia_payload").asText());
                p.put("nonce", "00".repeat(32));
                root.put("nvidia_payload", p.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), FULL);
        Checks.assertFailures(vr, Set.of("nvidia.nonce"), Set.of());
    }

    @Test
    void tamperedGpuEvidenceFailsItsSignature() {
        VerificationReport vr = verify(Checks.editedCapture(root -> {
            try {
                ObjectNode p = (ObjectNode) Checks.JSON.readTree(root.path("nvidia_payload").asText());
                ObjectNode gpu = (ObjectNode) ((ArrayNode) p.path("evidence_list")).get(3);
                byte[] ev = java.util.Base64.getDecoder().decode(gpu.path("evidence").asText());
                ev[60] ^= 1;
                gpu.put("evidence", java.util.Base64.getEncoder().encodeToString(ev));
                root.put("nvidia_payload", p.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), FULL);
        Checks.assertFailures(vr, Set.of("nvidia.evidence.signature"), Set.of());
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().reason()).contains("GPU 3");
    }

    @Test
    void aNonceWrittenIntoUnsignedGpuEvidenceDoesNotPass() {
        // a replayed payload rewritten to carry a fresh nonce: every nonce field matches, the signatures do not
        byte[] fresh = new byte[32];
        java.util.Arrays.fill(fresh, (byte) 0x5a);
        AttestationReport forged = Checks.editedCapture(root -> {
            try {
                ObjectNode p = (ObjectNode) Checks.JSON.readTree(root.path("nvidia_payload").asText());
                p.put("nonce", Hex.encode(fresh));
                for (com.fasterxml.jackson.databind.JsonNode g : p.path("evidence_list")) {
                    byte[] ev = java.util.Base64.getDecoder().decode(g.path("evidence").asText());
                    System.arraycopy(fresh, 0, ev, 4, 32);
                    ((ObjectNode) g).put("evidence", java.util.Base64.getEncoder().encodeToString(ev));
                }
                root.put("nvidia_payload", p.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        VerificationReport vr = AttestationVerification.verify(forged, FULL,
                Evidence.captureContext().expectedNonce(fresh).build());
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().status())
                .isEqualTo(Outcome.FAIL);
        VerificationReport.Check nonce = vr.check("nvidia.nonce").orElseThrow();
        assertThat(nonce.status()).isEqualTo(Outcome.SKIP);
        assertThat(nonce.reason()).startsWith("depends on nvidia.evidence.signature which failed");
    }

    @Test
    void aWrongPayloadNonceFailsEvenWhenTheEvidenceSignatureFails() {
        VerificationReport vr = verify(Checks.editedCapture(root -> {
            try {
                ObjectNode p = (ObjectNode) Checks.JSON.readTree(root.path("nvidia_payload").asText());
                p.put("nonce", "00".repeat(32));
                ObjectNode gpu = (ObjectNode) ((ArrayNode) p.path("evidence_list")).get(0);
                byte[] ev = java.util.Base64.getDecoder().decode(gpu.path("evidence").asText());
                ev[10] ^= 1;
                gpu.put("evidence", java.util.Base64.getEncoder().encodeToString(ev));
                root.put("nvidia_payload", p.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), FULL);
        Checks.assertFailures(vr, Set.of("nvidia.evidence.signature", "nvidia.nonce"), Set.of());
        assertThat(vr.check("nvidia.nonce").orElseThrow().reason()).isEqualTo("the GPU payload nonce is not ours");
    }

    @Test
    void aTamperedJwtFailsTheNrasCheck() {
        String body = Evidence.text(Evidence.CAPTURE + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body");
        String gpu0 = body.substring(body.indexOf("\"GPU-0\":\"") + 9);
        gpu0 = gpu0.substring(0, gpu0.indexOf('"'));
        String[] parts = gpu0.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"dbgstat\":\"disabled\"", "\"dbgstat\":\"enabled\"");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        NrasAnswer tampered = NrasAnswer.parse(body.replace(gpu0, forged));
        VerificationReport vr = AttestationVerification.verify(capture(), FULL,
                Evidence.captureContext().nras(tampered).build());
        Checks.assertFailures(vr, Set.of("nvidia.nras.jwt"), Set.of());
        assertThat(vr.check("nvidia.nras.jwt").orElseThrow().reason()).contains("GPU-0 token signature does not verify");
    }

    @Test
    void aTokenFromAnUnknownKeyFails() {
        VerificationReport vr = AttestationVerification.verify(capture(), FULL,
                Evidence.captureContext().jwks(io.venice.e2ee.attestation.nvidia.Jwks.parse("{\"keys\":[]}")).build());
        assertThat(vr.check("nvidia.nras.jwt").orElseThrow().reason()).contains("not in the key set");
    }

    @Test
    void theReportHasAJsonForm() throws Exception {
        VerificationReport vr = verify(capture(), FULL);
        var json = Checks.JSON.readTree(vr.toJson());
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("level").asText()).isEqualTo("full");
        assertThat(json.path("checks").get(0).path("id").asText()).isEqualTo("server.verified");
        assertThat(json.path("checks").get(0).path("status").asText()).isEqualTo("pass");
        assertThat(json.path("measurements").path("rtmr3").asText()).hasSize(96);
        assertThat(vr.summary()).startsWith("PASSED at level full: 25 checks passed, 0 failed, 5 skipped.");
        assertThat(json.path("facts").path("decryption").path("site").asText()).isEqualTo("gpu_td");
        assertThat(json.path("facts").path("compose_manager").path("actions_hash_forms").get(0).asText())
                .isEqualTo("struct_order");
        assertThat(json.path("facts").path("compose_manager").path("actions")).hasSize(26);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
