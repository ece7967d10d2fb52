package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.ohttp.OhttpKeyConfig;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ohttp.signature} on NEAR's real signatures (direct, and its cloud gateway's), the binding stated as a fact
 * (bound where the quote binds the Ed25519 key, not bound under Venice's ecdsa quote), and each forgery refused.
 */
class OhttpChecksTest {
    private static final String DIRECT = "near/neardirect_qwen_qwen3.5-122b-a10b_20260629_020637_attestation_report.json";
    private static final String CLOUD = "near/nearcloud_qwen_qwen3.5-122b-a10b_20260629_020657_attestation_report.json";

    private static ObjectNode json(String file) {
        try {
            return (ObjectNode) Checks.JSON.readTree(Evidence.text(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VerificationReport verify(JsonNode root, Instant at) {
        return AttestationVerification.verify(AttestationReport.parse(root.toString()), VerificationPolicy.defaults(),
                VerificationContext.builder().expectedNonce(Hex.decode(root.path("request_nonce").asText())).at(at)
                        .build());
    }

    @Test
    void nearsDirectSignatureVerifiesAndItsKeyIsBoundThroughTheTlsFingerprint() {
        VerificationReport vr = verify(json(DIRECT), Instant.parse("2026-06-29T02:06:37Z"));
        assertThat(vr.check("ohttp.signature").orElseThrow().status()).isEqualTo(Outcome.PASS);
        EvidenceFacts.Ohttp o = vr.facts().ohttp().orElseThrow();
        assertThat(o.signatureValid()).isTrue();
        assertThat(o.binding()).isEqualTo(EvidenceFacts.Binding.BOUND_BY_QUOTE);
        assertThat(o.why()).isEqualTo("REPORTDATA[0..32] is SHA-256(this key ‖ tls_cert_fingerprint)");
        assertThat(o.signingKey()).isEqualTo(json(DIRECT).path("signing_public_key").asText());
    }

    @Test
    void theJuneTenthSignatureVerifiesToo() {
        ObjectNode root = json("near/neardirect_qwen_qwen3.5-122b-a10b_20260610_015359_attestation_report.json");
        VerificationReport vr = verify(root, Instant.parse("2026-06-10T01:53:59Z"));
        assertThat(vr.check("ohttp.signature").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void nearsCloudGatewaySignsWithItsOwnBoundKey() {
        ObjectNode cloud = json(CLOUD);
        ObjectNode gateway = (ObjectNode) cloud.get("gateway_attestation").deepCopy();
        gateway.set("ohttp_attestation", cloud.get("ohttp_attestation"));
        gateway.set("ohttp_key_config", cloud.get("ohttp_key_config"));
        VerificationReport vr = verify(gateway, Instant.parse("2026-06-29T02:06:57Z"));
        assertThat(vr.check("ohttp.signature").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.facts().ohttp().orElseThrow().binding()).isEqualTo(EvidenceFacts.Binding.BOUND_BY_QUOTE);
        // the model's own signature inside the cloud answer, by the model's key
        ObjectNode model = (ObjectNode) cloud.path("model_attestations").get(0);
        assertThat(verify(model, Instant.parse("2026-06-29T02:06:57Z")).check("ohttp.signature").orElseThrow()
                .status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void underVenicesEcdsaQuoteAValidSignatureIsReportedNotBound() {
        ObjectNode near = json(DIRECT);
        AttestationReport r = Checks.editedCapture(root -> {
            root.set("ohttp_attestation", near.get("ohttp_attestation"));
            root.set("ohttp_key_config", near.get("ohttp_key_config"));
        });
        VerificationReport vr = AttestationVerification.verify(r, VerificationPolicy.defaults(),
                VerificationContext.builder().expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        VerificationReport.Check c = vr.check("ohttp.signature").orElseThrow();
        assertThat(c.status()).isEqualTo(Outcome.PASS);
        assertThat(c.reason()).contains("NOT bound by the quote: the quote was requested with signing_algo ecdsa");
        assertThat(vr.facts().ohttp().orElseThrow().binding()).isEqualTo(EvidenceFacts.Binding.NOT_BOUND);
    }

    @Test
    void theVeniceCaptureServesNoSignature() {
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.defaults(), VerificationContext.builder().expectedNonce(Evidence.captureNonce())
                        .at(Evidence.CAPTURE_TIME).build());
        assertThat(vr.check("ohttp.signature").orElseThrow().reason()).isEqualTo("the evidence serves no"
                + " ohttp_attestation");
        assertThat(vr.facts().ohttp()).isEmpty();
    }

    @Test
    void aFlippedSignatureBitFails() {
        ObjectNode root = json(DIRECT);
        ObjectNode o = (ObjectNode) root.get("ohttp_attestation");
        byte[] sig = Hex.decode(o.path("signature").asText());
        sig[10] ^= 4;
        o.put("signature", Hex.encode(sig));
        VerificationReport vr = verify(root, Instant.parse("2026-06-29T02:06:37Z"));
        assertThat(vr.check("ohttp.signature").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.facts().ohttp().orElseThrow().signatureValid()).isFalse();
    }

    @Test
    void aSwappedKeyConfigFails() {
        // another key configuration under the old signature: the one thing the signature protects
        ObjectNode root = json(DIRECT);
        ObjectNode o = (ObjectNode) root.get("ohttp_attestation");
        byte[] config = Hex.decode(o.path("key_config").asText());
        config[5] ^= 1;
        o.put("key_config", Hex.encode(config));
        root.put("ohttp_key_config", Hex.encode(config));
        assertThat(verify(root, Instant.parse("2026-06-29T02:06:37Z")).check("ohttp.signature").orElseThrow()
                .status()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aFlatConfigOtherThanTheSignedOneFails() {
        ObjectNode root = json(DIRECT);
        byte[] config = Hex.decode(root.path("ohttp_key_config").asText());
        config[5] ^= 1;
        root.put("ohttp_key_config", Hex.encode(config));
        VerificationReport.Check c = verify(root, Instant.parse("2026-06-29T02:06:37Z")).check("ohttp.signature")
                .orElseThrow();
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains("flat ohttp_key_config differs");
    }

    @Test
    void malformedSignaturesAreRefusedNamingTheField() {
        ObjectNode root = json(DIRECT);
        ((ObjectNode) root.get("ohttp_attestation")).put("signing_algo", "ecdsa");
        VerificationReport.Check c = verify(root, Instant.parse("2026-06-29T02:06:37Z")).check("ohttp.signature")
                .orElseThrow();
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).isEqualTo("attestation field 'ohttp_attestation.signing_algo': is 'ecdsa'; only"
                + " ed25519 is defined");
    }

    @Test
    void theKeyConfigDecodesAsRfc9458Says() {
        OhttpKeyConfig k = OhttpKeyConfig.parse(Hex.decode(json(DIRECT).path("ohttp_key_config").asText()), "k");
        assertThat(k.keyId()).isEqualTo(1);
        assertThat(k.kemId()).isEqualTo(0x20);
        assertThat(k.publicKey()).hasSize(32);
        assertThat(k.suites()).containsExactly(new OhttpKeyConfig.Suite(1, 1), new OhttpKeyConfig.Suite(1, 3));
        byte[] venice = AttestationReport.parse(Evidence.captureJson()).ohttpKeyConfig().toOptional().orElseThrow();
        assertThat(OhttpKeyConfig.parse(venice, "k").suites()).hasSize(2);
        for (String bad : new String[]{"01", "01ffff" + "00".repeat(32) + "0004", "010020" + "00".repeat(32) + "0003"
                + "000100", "010020" + "00".repeat(32) + "0004000100"}) {
            assertThatThrownBy(() -> OhttpKeyConfig.parse(Hex.decode(bad), "k"))
                    .as(bad).isInstanceOf(io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence.class);
        }
    }
}
