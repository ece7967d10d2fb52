package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.aci.WorkloadKeyset;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACI checks on Venice's attestation response for gateway-fronted models. No real capture of that response exists,
 * so it is assembled as the gateway's source and other clients describe it: the recorded Venice attestation (its real
 * quote, legacy key and nonce) wrapped in an {@code aci/1} envelope holding the real keyset of 2026-08-28.
 */
class AciChecksTest {
    private static final JsonNode REAL = TestVectors.json(
            "aci/2026-08-28_inference.phala.com_v1_aci_attestation.partial.json");

    private static VerificationReport verify(AttestationReport r, VerificationPolicy p) {
        return AttestationVerification.verify(r, p, VerificationContext.builder()
                .expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
    }

    private static VerificationReport verify(AttestationReport r) {
        return verify(r, VerificationPolicy.defaults());
    }

    /** The capture wrapped in an envelope with {@code keyset}, its digest recomputed unless {@code digest} is given. */
    static ObjectNode envelope(ObjectNode keyset, String digest) {
        try {
            ObjectNode root = (ObjectNode) Checks.JSON.readTree(Evidence.captureJson());
            byte[] quote = Hex.decode(root.path("intel_quote").asText());
            String rd = Hex.encode(TdxQuote.parse(quote).body().reportData());
            root.put("api_version", "aci/1");
            root.put("workload_keyset_digest", digest != null ? digest : WorkloadKeyset.read(keyset, "k").digest());
            root.put("tee_provider", "phala");
            ObjectNode att = root.putObject("attestation").put("tee_type", "tdx");
            att.set("workload_keyset", keyset);
            att.put("report_data", rd);
            att.putObject("evidence").put("quote", root.path("intel_quote").asText()).put("quote_report_data", rd)
                    .put("vm_config", "{\"num_gpus\":0,\"image\":\"dstack-dev-0.5.9\"}");
            root.putObject("service_capabilities").put("serving", "aggregator").putArray("supported_e2ee_versions")
                    .add("2");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real keyset with its secp256k1 E2EE key replaced by the capture's legacy key, as the gateway lists it. */
    static ObjectNode keysetListingTheLegacyKey() {
        ObjectNode ks = (ObjectNode) REAL.path("attestation").path("workload_keyset").deepCopy();
        String legacy = AttestationReport.parse(Evidence.captureJson()).signingKey().toOptional().orElseThrow().hex();
        ((ObjectNode) ks.path("e2ee_public_keys").get(0)).put("public_key", legacy);
        return ks;
    }

    private static AttestationReport report(ObjectNode root) {
        return AttestationReport.parse(root.toString());
    }

    @Test
    void theEnvelopeIsConsistentAndItsQuoteBindsOnlyTheLegacyKey() {
        VerificationReport vr = verify(report(envelope(keysetListingTheLegacyKey(), null)));
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.check("aci.keyset.digest").orElseThrow().reason()).isEqualTo("workload_keyset_digest is the"
                + " SHA-256 of the JCS of the current-form keyset; the keyset is not attested by this response");
        assertThat(vr.check("aci.quote.binding").orElseThrow().reason()).isEqualTo("the envelope's quote and report"
                + " data are the verified quote's, which binds the legacy secp256k1 key's address ‖ zeros ‖ nonce, not"
                + " the workload keyset: its receipt, X25519 and TLS keys are not attested by this response; the keyset"
                + " lists the legacy key as dstack-kms-e2ee-v1");
        EvidenceFacts.Aci aci = vr.facts().aci().orElseThrow();
        assertThat(aci.keysetAttested()).isFalse();
        assertThat(aci.generation()).isEqualTo("current");
        assertThat(aci.quoteBinds()).startsWith("the legacy secp256k1 key's address");
        assertThat(vr.facts().decryption().site()).isEqualTo(EvidenceFacts.Site.TEE_GATEWAY);
        assertThat(vr.facts().decryption().source()).isEqualTo("attestation.evidence.vm_config");
    }

    @Test
    void theRealKeysetWithItsServedDigestPasses() {
        ObjectNode ks = (ObjectNode) REAL.path("attestation").path("workload_keyset").deepCopy();
        VerificationReport vr = verify(report(envelope(ks, REAL.path("workload_keyset_digest").asText())));
        assertThat(vr.check("aci.keyset.digest").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("aci.quote.binding").orElseThrow().reason()).endsWith("the keyset does not list the legacy"
                + " key");
    }

    @Test
    void aSwappedReceiptKeyFailsTheDigest() {
        ObjectNode ks = (ObjectNode) REAL.path("attestation").path("workload_keyset").deepCopy();
        ((ObjectNode) ks.path("receipt_signing_keys").get(0)).put("public_key", "00".repeat(32));
        VerificationReport vr = verify(report(envelope(ks, REAL.path("workload_keyset_digest").asText())));
        Checks.assertFailures(vr, Set.of("aci.keyset.digest"), Set.of());
        assertThat(vr.check("aci.keyset.digest").orElseThrow().reason()).contains("is not the keyset's digest");
    }

    @Test
    void aKeysetWhoseU64MaxAJavaScriptRelayRoundedStillRecomputes() {
        ObjectNode ks = keysetListingTheLegacyKey();
        ks.put("not_after", WorkloadKeyset.U64_MAX);
        String text = envelope(ks, null).toString().replace("18446744073709551615", "18446744073709552000");
        VerificationReport vr = verify(AttestationReport.parse(text));
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.check("aci.keyset.digest").orElseThrow().reason()).contains("after putting back u64::MAX, which"
                + " a JavaScript relay had rounded, at attestation.workload_keyset.not_after");
        assertThat(vr.facts().aci().orElseThrow().u64Repaired()).isTrue();
        // rounded anywhere else, or to anything else, the evidence is refused
        String other = envelope(ks, null).toString().replace("18446744073709551615", "18446744073709550000");
        assertThat(verify(AttestationReport.parse(other)).check("aci.keyset.digest").orElseThrow().status())
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void anotherQuoteInTheEnvelopeFailsTheBinding() {
        ObjectNode root = envelope(keysetListingTheLegacyKey(), null);
        String composeQuote = root.path("compose_manager_attestation").path("quote").asText();
        ((ObjectNode) root.path("attestation").path("evidence")).put("quote", composeQuote);
        VerificationReport vr = verify(report(root));
        Checks.assertFailures(vr, Set.of("aci.quote.binding"), Set.of());
        assertThat(vr.check("aci.quote.binding").orElseThrow().reason()).isEqualTo("attestation.evidence.quote is not"
                + " the intel_quote that was verified");
    }

    @Test
    void aBase64CopyOfTheSameQuoteIsTheSameQuote() {
        ObjectNode root = envelope(keysetListingTheLegacyKey(), null);
        ((ObjectNode) root.path("attestation").path("evidence")).put("quote", java.util.Base64.getEncoder()
                .encodeToString(Hex.decode(root.path("intel_quote").asText())));
        assertThat(verify(report(root)).check("aci.quote.binding").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void anotherReportDataFailsTheBinding() {
        for (Consumer<ObjectNode> edit : java.util.List.<Consumer<ObjectNode>>of(
                att -> att.put("report_data", "11".repeat(64)),
                att -> ((ObjectNode) att.path("evidence")).put("quote_report_data", "11".repeat(64)))) {
            ObjectNode root = envelope(keysetListingTheLegacyKey(), null);
            edit.accept((ObjectNode) root.path("attestation"));
            Checks.assertFailures(verify(report(root)), Set.of("aci.quote.binding"), Set.of());
        }
    }

    @Test
    void theEarlierGenerationIsRecognised() {
        JsonNode old = TestVectors.json("aci/vectors/aci_vectors_published.json").path("earlier_form_pre_2026-08-03");
        ObjectNode root = envelope((ObjectNode) old.path("keyset").deepCopy(), null);
        root.put("workload_id", old.path("workload_id").asText());
        VerificationReport vr = verify(report(root));
        assertThat(vr.check("aci.keyset.digest").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.facts().aci().orElseThrow().generation()).isEqualTo("earlier");
        assertThat(root.path("workload_keyset_digest").asText()).isEqualTo(old.path("workload_keyset_digest").asText());
    }

    @Test
    void aMalformedEnvelopeFailsTheAciChecksAndNothingElse() {
        ObjectNode root = envelope(keysetListingTheLegacyKey(), null);
        ((ObjectNode) root.path("attestation").path("workload_keyset")).put("not_after", "soon");
        VerificationReport vr = verify(report(root));
        Checks.assertFailures(vr, Set.of("aci.keyset.digest", "aci.quote.binding"), Set.of());
        assertThat(vr.check("aci.keyset.digest").orElseThrow().reason()).startsWith("attestation field"
                + " 'attestation.workload_keyset.not_after': must be an exact integer");
    }

    @Test
    void atLevelBasicOnlyTheDigestIsChecked() {
        VerificationReport vr = verify(report(envelope(keysetListingTheLegacyKey(), null)),
                VerificationPolicy.builder().level(VerificationPolicy.Level.BASIC).build());
        assertThat(vr.check("aci.keyset.digest").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("aci.quote.binding").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void theKeysetsKeysAreListed() {
        AttestationReport r = report(envelope(keysetListingTheLegacyKey(), null));
        WorkloadKeyset ks = r.aci().toOptional().orElseThrow().keyset();
        assertThat(ks.receiptSigningKeys()).hasSize(1);
        assertThat(ks.e2eePublicKeys()).extracting(k -> k.keyId()).containsExactly("dstack-kms-e2ee-v1",
                "dstack-kms-e2ee-x25519-v1");
        assertThat((ArrayNode) ks.json().path("tls_public_keys")).hasSize(3);
    }
}
