package io.venice.e2ee.attestation.aci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.ed25519.Ed25519;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keyset digests, workload ids and report-data statements of both ACI generations on the specification's published
 * vectors, the real inference.phala.com report of 2026-08-28 and the gateway's own test fixtures; keyset integers read
 * exactly, with the one JavaScript rounding of u64::MAX repaired.
 */
class AciVectorsTest {
    private static final JsonNode VECTORS = TestVectors.json("aci/vectors/aci_vectors_published.json");
    private static final JsonNode CURRENT = VECTORS.path("current_form_2026-08");
    private static final JsonNode EARLIER = VECTORS.path("earlier_form_pre_2026-08-03");

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void currentFormKeysetDigestAndStatements() {
        WorkloadKeyset ks = WorkloadKeyset.read(CURRENT.path("keyset"), "keyset");
        assertThat(ks.generation()).isEqualTo(AciGeneration.CURRENT);
        assertThat(ks.digest()).isEqualTo(CURRENT.path("workload_keyset_digest").asText());
        byte[] statement = AciStatements.current(ks.digest(), CURRENT.path("nonce").asText());
        assertThat(utf8(statement)).isEqualTo(CURRENT.path("statement").asText());
        assertThat(Hex.encode(AciStatements.reportData(statement))).isEqualTo(CURRENT.path("report_data").asText());
        byte[] noNonce = AciStatements.current(ks.digest(), null);
        assertThat(utf8(noNonce)).isEqualTo(CURRENT.path("statement_nonce_null").asText());
        assertThat(Hex.encode(AciStatements.reportData(noNonce))).isEqualTo(
                CURRENT.path("report_data_nonce_null").asText());
        assertThat(CURRENT.path("report_data_slot_64").asText()).isEqualTo(CURRENT.path("report_data").asText()
                + "00".repeat(32));
        assertThat(ks.receiptKey("receipt-1").orElseThrow().publicKey()).isEqualTo(
                CURRENT.path("keys").path("receipt-1_pub").asText());
        assertThat(ks.subject()).hasValue("dstack-app://example-app");
        assertThat(ks.notAfter()).isEqualTo(BigInteger.valueOf(1_800_000_000L));
    }

    @Test
    void theGatewayRefusesToStateMalformedInputsAndSoDoesThis() {
        String digest = CURRENT.path("workload_keyset_digest").asText();
        assertThatThrownBy(() -> AciStatements.current(digest, CURRENT.path("nonce").asText().toUpperCase()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> AciStatements.current(digest, "00".repeat(16)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AciStatements.current("sha256:" + "AB".repeat(32), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void earlierFormWorkloadIdKeysetDigestStatementsAndEndorsement() {
        WorkloadKeyset ks = WorkloadKeyset.read(EARLIER.path("keyset"), "keyset");
        assertThat(ks.generation()).isEqualTo(AciGeneration.EARLIER);
        assertThat(ks.digest()).isEqualTo(EARLIER.path("workload_keyset_digest").asText());
        KeysetKey identity = ks.identity().orElseThrow();
        assertThat(identity.publicKey()).isEqualTo(EARLIER.path("identity_pub").asText());
        String workloadId = AciStatements.workloadId(identity);
        assertThat(workloadId).isEqualTo(EARLIER.path("workload_id").asText());
        byte[] st = AciStatements.earlier(workloadId, ks.digest(), "test-nonce");
        assertThat(utf8(st)).isEqualTo(EARLIER.path("statement_nonce_test-nonce").asText());
        assertThat(Hex.encode(AciStatements.reportData(st))).isEqualTo(EARLIER.path("report_data").asText());
        byte[] st0 = AciStatements.earlier(workloadId, ks.digest(), null);
        assertThat(utf8(st0)).isEqualTo(EARLIER.path("statement_nonce_null").asText());
        assertThat(Hex.encode(AciStatements.reportData(st0))).isEqualTo(EARLIER.path("report_data_nonce_null")
                .asText());
        byte[] payload = AciStatements.endorsementPayload(ks.digest());
        assertThat(utf8(payload)).isEqualTo(EARLIER.path("endorsement_payload").asText());
        assertThat(Ed25519.verify(Hex.decode(identity.publicKey()), payload,
                Hex.decode(EARLIER.path("endorsement_ed25519").asText()))).isTrue();
        assertThat(ks.epochVersion()).hasValue(BigInteger.ONE);
        assertThat(ks.notAfter()).isEqualTo(BigInteger.valueOf(1_800_000_000L));
    }

    @Test
    void theRealReportOfAugust28Recomputes() throws Exception {
        ObjectNode report = (ObjectNode) TestVectors.json(
                "aci/2026-08-28_inference.phala.com_v1_aci_attestation.partial.json");
        report.remove("_fixture_note");
        AciEnvelope env = AciEnvelope.read(Json.read(report.toString()));
        assertThat(env.generation()).isEqualTo(AciGeneration.CURRENT);
        assertThat(env.keyset().digest()).isEqualTo(env.servedKeysetDigest())
                .isEqualTo("sha256:4f3dc45eeb18a5aefa49dfe5c0f2b6dbc77dd37276adc0cee87f1c1f70b73072");
        byte[] statement = AciStatements.current(env.keyset().digest(),
                "434fe0866976bf566484a1f11dbb0a55d9d4554b84f25ccd1ddd9095375722b1");
        byte[] reportData = AciStatements.reportData(statement);
        assertThat(env.reportData()).hasValueSatisfying(rd -> assertThat(rd).isEqualTo(reportData));
        byte[] slot = new byte[64];
        System.arraycopy(reportData, 0, slot, 0, 32);
        assertThat(env.evidence().orElseThrow().quoteReportData()).isEqualTo(slot);
        assertThat(env.keyset().receiptKey("dstack-kms-receipt-ed25519-v1")).isPresent();
        assertThat(env.keyset().tlsPublicKeys()).extracting(TlsKey::domain).containsExactly("tee.redpill.ai",
                "inference.phala.com", "api.redpill.ai");
        assertThat(env.serving()).hasValue("aggregator");
        assertThat(env.supportedE2eeVersions()).containsExactly("2");
        assertThat(env.repoCommit()).hasValue("d567f6b4c4d93e33037ea202db04db86a8ad881c");
        assertThat(env.keyset().expiredAt(Instant.ofEpochSecond(1790498750L))).isFalse();
        assertThat(env.keyset().expiredAt(Instant.ofEpochSecond(1790498751L))).isTrue();
    }

    @Test
    void theGatewaysOwnFixturesRecompute() throws Exception {
        for (String f : new String[]{"private-ai-gateway_tests_fixtures_aci_report_fixture.json",
                "private-ai-gateway_verifier-ts_test_fixtures_aci_report.json"}) {
            AciEnvelope env = AciEnvelope.read(Json.read(new String(TestVectors.bytes("aci/mocks/" + f),
                    StandardCharsets.UTF_8)));
            assertThat(env.keyset().digest()).as(f).isEqualTo(env.servedKeysetDigest());
            assertThat(env.evidence().orElseThrow().vmConfig().numGpus()).isEmpty();
        }
    }

    @Test
    void u64MaxRoundedByAJavaScriptRelayIsRepairedAndNothingElse() throws Exception {
        ObjectNode exact = (ObjectNode) CURRENT.path("keyset").deepCopy();
        exact.put("not_after", WorkloadKeyset.U64_MAX);
        WorkloadKeyset truth = WorkloadKeyset.read(exact, "keyset");
        assertThat(truth.repairs()).isEmpty();
        // what the gateway hashed: the published canonical bytes with the exact integer in place
        String canonical = CURRENT.path("keyset_jcs").asText().replace("\"not_after\":1800000000",
                "\"not_after\":18446744073709551615");
        assertThat(truth.digest()).isEqualTo("sha256:" + Hex.encode(java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8))));

        String relayed = exact.toString().replace("18446744073709551615", "18446744073709552000");
        WorkloadKeyset repaired = WorkloadKeyset.read(Json.read(relayed), "keyset");
        assertThat(repaired.digest()).isEqualTo(truth.digest());
        assertThat(repaired.repairs()).containsExactly("keyset.not_after");
        assertThat(repaired.notAfter()).isEqualTo(WorkloadKeyset.U64_MAX);

        for (String wrong : new String[]{"18446744073709552001", "18446744073709551616", "1.8446744073709552E19",
                "1800000000.0", "-1", "\"1800000000\""}) {
            String text = exact.toString().replace("18446744073709551615", wrong);
            assertThatThrownBy(() -> WorkloadKeyset.read(Json.read(text), "keyset")).as(wrong)
                    .isInstanceOf(MalformedEvidence.class).hasMessageStartingWith("attestation field"
                            + " 'keyset.not_after': ");
        }
        // the earlier form's u64 members too
        ObjectNode old = (ObjectNode) EARLIER.path("keyset").deepCopy();
        ((ObjectNode) old.get("keyset_epoch")).put("not_after", new BigInteger("18446744073709552000"));
        assertThat(WorkloadKeyset.read(old, "k").repairs()).containsExactly("k.keyset_epoch.not_after");
    }

    @Test
    void anyOtherInexactNumberInTheKeysetIsRefusedBeforeHashing() {
        ObjectNode ks = (ObjectNode) CURRENT.path("keyset").deepCopy();
        ks.put("extra", 0.5);
        assertThatThrownBy(() -> WorkloadKeyset.read(ks, "keyset")).isInstanceOf(MalformedEvidence.class)
                .hasMessageContaining("no canonical form").hasMessageContaining("$.extra: 0.5 is not an integer");
    }

    @Test
    void unknownMembersAreHashedAsServed() {
        ObjectNode ks = (ObjectNode) CURRENT.path("keyset").deepCopy();
        ks.put("future_member", "x");
        assertThat(WorkloadKeyset.read(ks, "keyset").digest()).isNotEqualTo(
                CURRENT.path("workload_keyset_digest").asText());
    }

    @Test
    void mixedGenerationsAndOtherVersionsAreRefused() throws Exception {
        ObjectNode env = Json.object().put("api_version", "aci/1").put("workload_id", "sha256:00")
                .put("workload_keyset_digest", CURRENT.path("workload_keyset_digest").asText());
        env.putObject("attestation").set("workload_keyset", CURRENT.path("keyset"));
        assertThatThrownBy(() -> AciEnvelope.read(env)).isInstanceOf(MalformedEvidence.class)
                .hasMessageContaining("mixed");
        env.remove("workload_id");
        env.put("api_version", "aci/2");
        assertThatThrownBy(() -> AciEnvelope.read(env)).hasMessage("attestation field 'api_version': is 'aci/2'; only"
                + " aci/1 is defined");
        assertThat(AciEnvelope.read(Json.read("{\"verified\":true}"))).isNull();
    }

    @Test
    void sessionIdsOfBothForms() throws Exception {
        JsonNode session = CURRENT.path("session");
        byte[] evidence = "example-evidence".getBytes(StandardCharsets.US_ASCII);
        assertThat("sha256:" + Hex.encode(sha256(evidence))).isEqualTo(session.path("evidence").path("digest")
                .asText());
        String data = session.path("evidence").path("data").asText();
        assertThat(java.util.Base64.getDecoder().decode(data.substring(data.indexOf(',') + 1))).isEqualTo(evidence);
        assertThat(Hex.encode(sha256(io.venice.e2ee.attestation.jcs.Jcs.canonicalize(session,
                io.venice.e2ee.attestation.jcs.Jcs.Numbers.EXACT_INTEGERS)))).isEqualTo(CURRENT.path("session_id")
                .asText());
        // earlier form: "as_" + SHA-256 of the JCS of the material its receipt's upstream.verified event carries
        ObjectNode material = Json.object().put("upstream_name", "demo-upstream")
                .put("endpoint", "https://upstream.example.com").put("verifier_id", "example/1")
                .put("evidence_digest", session.path("evidence").path("digest").asText());
        material.putNull("identity");
        material.set("channel_binding", session.path("channel_binding"));
        ObjectNode claims = (ObjectNode) session.path("claims").deepCopy();
        claims.remove("extra");
        material.set("claims", claims);
        assertThat("as_" + Hex.encode(sha256(io.venice.e2ee.attestation.jcs.Jcs.canonicalize(material,
                io.venice.e2ee.attestation.jcs.Jcs.Numbers.EXACT_INTEGERS)))).isEqualTo(EARLIER.path("session_id_old")
                .asText());
    }

    @Test
    void theVectorKeysAndTheirDeterministicSignatures() throws Exception {
        java.security.PrivateKey receipt = java.security.KeyFactory.getInstance("Ed25519").generatePrivate(
                new java.security.spec.EdECPrivateKeySpec(java.security.spec.NamedParameterSpec.ED25519,
                        Hex.decode(CURRENT.path("keys").path("receipt-1_ed25519_seed_hex").asText())));
        java.security.Signature sig = java.security.Signature.getInstance("Ed25519");
        sig.initSign(receipt);
        sig.update(CURRENT.path("receipt_signing_input").asText().getBytes(StandardCharsets.UTF_8));
        // Ed25519 is deterministic: the seed gives the published signature, which verifies under the published key
        assertThat(Hex.encode(sig.sign())).isEqualTo(CURRENT.path("receipt_signature_ed25519").asText());
        assertThat(Hex.encode(sha256(CURRENT.path("receipt_signing_input").asText().getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(CURRENT.path("receipt_signing_input_sha256").asText());
        java.security.PrivateKey identity = java.security.KeyFactory.getInstance("Ed25519").generatePrivate(
                new java.security.spec.EdECPrivateKeySpec(java.security.spec.NamedParameterSpec.ED25519,
                        Hex.decode(EARLIER.path("identity_ed25519_seed_hex").asText())));
        sig.initSign(identity);
        sig.update(EARLIER.path("revocation_payload").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(Hex.encode(sig.sign())).isEqualTo(EARLIER.path("revocation_ed25519").asText());
        // the X25519 E2EE key of the keyset, from its seed
        javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("X25519");
        java.security.KeyFactory xf = java.security.KeyFactory.getInstance("X25519");
        ka.init(xf.generatePrivate(new java.security.spec.XECPrivateKeySpec(java.security.spec.NamedParameterSpec.X25519,
                Hex.decode(CURRENT.path("keys").path("e2ee-1_x25519_seed_hex").asText()))));
        ka.doPhase(xf.generatePublic(new java.security.spec.XECPublicKeySpec(java.security.spec.NamedParameterSpec.X25519,
                BigInteger.valueOf(9))), true);
        assertThat(Hex.encode(ka.generateSecret())).isEqualTo(CURRENT.path("keys").path("e2ee-1_pub").asText());
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    }
}
