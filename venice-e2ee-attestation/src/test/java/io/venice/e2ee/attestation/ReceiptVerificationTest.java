package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.ReceiptReport.Status;
import io.venice.e2ee.attestation.ReceiptReport.Verdict;
import io.venice.e2ee.attestation.aci.AciGeneration;
import io.venice.e2ee.attestation.error.AttestationException.MalformedReceipt;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.jcs.Jcs;
import io.venice.e2ee.attestation.receipt.LegacySignedText;
import io.venice.e2ee.attestation.receipt.Receipt;
import io.venice.e2ee.attestation.receipt.SignatureResponse;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Receipts of both generations on the specification's vectors (keyset, receipt, signature), checked against an
 * attestation that relays that keyset; each edit of what a check reads, re-signed with the vectors' receipt key so
 * only that check can catch it, is refused by that check.
 */
class ReceiptVerificationTest {
    private static final JsonNode VECTORS = TestVectors.json("aci/vectors/aci_vectors_published.json");
    private static final JsonNode CURRENT = VECTORS.path("current_form_2026-08");
    private static final JsonNode EARLIER = VECTORS.path("earlier_form_pre_2026-08-03");
    private static final String TEXT = CURRENT.path("legacy_eip191_text_for_this_receipt").asText();

    /** The capture's attestation wrapped in an envelope relaying the vectors' keyset of {@code form}. */
    private static AttestationReport attestation(JsonNode form) {
        ObjectNode root = AciChecksTest.envelope((ObjectNode) form.path("keyset").deepCopy(), null);
        if (form == EARLIER) {
            root.put("workload_id", EARLIER.path("workload_id").asText());
        }
        return AttestationReport.parse(root.toString());
    }

    private static String address() {
        return AttestationReport.parse(Evidence.captureJson()).signingAddress().toOptional().orElseThrow();
    }

    /** A signature answer carrying {@code receipt}. */
    private static SignatureResponse answer(JsonNode receipt, Consumer<ObjectNode> edit) {
        ObjectNode a = Json.object().put("api_version", "aci/1").put("text", TEXT).put("signature", "0x" + "00".repeat(65))
                .put("signing_address", address()).put("signing_algo", "ecdsa");
        if (receipt != null) {
            a.set("receipt", receipt);
        }
        edit.accept(a);
        return SignatureResponse.parse(a.toString());
    }

    private static ReceiptVerification.Inputs inputs(JsonNode form) {
        return ReceiptVerification.inputs().attestation(attestation(form)).requestedModel("demo-model")
                .requestId("chatcmpl-123").build();
    }

    private static ObjectNode currentReceipt() {
        return (ObjectNode) CURRENT.path("receipt_served").deepCopy();
    }

    /** The earlier-form receipt: the published canonical bytes with the published signature value. */
    private static ObjectNode earlierReceipt() throws Exception {
        String md = new String(TestVectors.bytes("aci/vectors/private-ai-gateway_spec_test-vectors.md"
                + "@38fc921_pre-2026-08-03.md"), StandardCharsets.UTF_8);
        int at = md.indexOf("```text", md.indexOf("Canonical bytes for signing"));
        String canonical = md.substring(md.indexOf('\n', at) + 1, md.indexOf("```", at + 7)).strip();
        assertThat(Hex.encode(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(EARLIER.path("receipt_old_canonical_sha256").asText());
        ObjectNode r = (ObjectNode) Json.read(canonical);
        ((ObjectNode) r.get("signature")).put("value", EARLIER.path("receipt_old_signature_value_ed25519").asText());
        return r;
    }

    private static PrivateKey receiptKey() throws Exception {
        return AciGatewayVerificationTest.seed((byte) 2);
    }

    /** The current-form receipt after {@code edit}, signed again by the vectors' receipt key. */
    private static ObjectNode resigned(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode r = currentReceipt();
        edit.accept(r);
        r.remove("signature");
        r.put("signature", Hex.encode(AciGatewayVerificationTest.sign(receiptKey(),
                Jcs.canonicalize(r.deepCopy().without("signature"), Jcs.Numbers.EXACT_INTEGERS))));
        return r;
    }

    private static Map<String, Status> statuses(ReceiptReport r) {
        Map<String, Status> m = new java.util.LinkedHashMap<>();
        r.checks().forEach(c -> m.put(c.id(), c.status()));
        return m;
    }

    @Test
    void theCurrentVectorReceiptIsValidlySignedByAKeyVeniceDoesNotAttest() {
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> { }), inputs(CURRENT));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.SIGNED_BY_UNATTESTED_KEY);
        assertThat(statuses(r)).containsExactly(Map.entry("receipt.signing_address", Status.PASS),
                Map.entry("receipt.model", Status.PASS), Map.entry("receipt.present", Status.PASS),
                Map.entry("receipt.api_version", Status.PASS), Map.entry("receipt.events", Status.PASS),
                Map.entry("receipt.key", Status.PASS), Map.entry("receipt.keyset", Status.PASS),
                Map.entry("receipt.signature", Status.PASS), Map.entry("receipt.attested", Status.UNVERIFIABLE),
                Map.entry("receipt.chat_id", Status.PASS), Map.entry("receipt.legacy_text", Status.PASS),
                Map.entry("receipt.body_hashes", Status.UNVERIFIABLE), Map.entry("receipt.upstream", Status.PASS));
        assertThat(r.check("receipt.body_hashes").orElseThrow().reason()).startsWith("not reproducible through Venice");
        assertThat(r.check("receipt.attested").orElseThrow().reason()).contains("Venice's quote does not bind");
        assertThat(r.upstream()).hasSize(1);
        assertThat(r.upstream().get(0).sessionId()).isEqualTo(CURRENT.path("session_id").asText());
        assertThat(r.check("receipt.upstream").orElseThrow().reason()).startsWith("the completion ran at an unnamed"
                + " upstream (model demo-model)");
        Receipt receipt = r.receipt().orElseThrow();
        assertThat(receipt.generation()).isEqualTo(AciGeneration.CURRENT);
        assertThat(new String(receipt.signedBytes(), StandardCharsets.UTF_8)).isEqualTo(
                CURRENT.path("receipt_signing_input").asText());
    }

    @Test
    void underTheKeysetTheGatewayAttestedTheReceiptIsVerified() {
        AttestedKeyset attested = AciGatewayVerificationTest.attest(CURRENT.path("keyset"));
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> { }),
                ReceiptVerification.inputs().attestation(attestation(CURRENT)).attestedKeyset(attested)
                        .requestedModel("demo-model").requestId("chatcmpl-123").build());
        assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VERIFIED);
        assertThat(r.check("receipt.attested").orElseThrow().reason()).contains("attested with our nonce");
    }

    @Test
    void aReceiptUnderAnotherKeysetThanTheAttestedOneFails() {
        AttestedKeyset attested = AciGatewayVerificationTest.attest(((ObjectNode) CURRENT.path("keyset").deepCopy())
                .put("subject", "dstack-app://another-app"));
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> { }),
                ReceiptVerification.inputs().attestation(attestation(CURRENT)).attestedKeyset(attested).build());
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.check("receipt.keyset").orElseThrow().status()).isEqualTo(Status.FAIL);
        assertThat(r.check("receipt.attested").orElseThrow().status()).isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void theEarlierVectorReceiptVerifiesOverItsOwnSignedBytes() throws Exception {
        ReceiptReport r = ReceiptVerification.verify(answer(earlierReceipt(), a -> { }), inputs(EARLIER));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.SIGNED_BY_UNATTESTED_KEY);
        assertThat(r.receipt().orElseThrow().generation()).isEqualTo(AciGeneration.EARLIER);
        assertThat(r.check("receipt.signature").orElseThrow().reason()).contains("without signature.value");
        assertThat(r.check("receipt.legacy_text").orElseThrow().status()).isEqualTo(Status.PASS);
        assertThat(r.check("receipt.upstream").orElseThrow().reason()).contains("https://upstream.example.com",
                "verified by example/1");
        assertThat(Hex.encode(MessageDigest.getInstance("SHA-256").digest(r.receipt().orElseThrow().signedBytes())))
                .isEqualTo(EARLIER.path("receipt_old_canonical_sha256").asText());
    }

    @Test
    void eachGenerationsRuleIsItsOwn() throws Exception {
        // an earlier receipt signed over the current rule's bytes (the whole signature member dropped) is refused
        ObjectNode r = earlierReceipt();
        byte[] wrongBytes = Jcs.canonicalize(r.deepCopy().without("signature"), Jcs.Numbers.EXACT_INTEGERS);
        ((ObjectNode) r.get("signature")).put("value", Hex.encode(AciGatewayVerificationTest.sign(receiptKey(),
                wrongBytes)));
        ReceiptReport report = ReceiptVerification.verify(answer(r, a -> { }), inputs(EARLIER));
        assertThat(report.check("receipt.signature").orElseThrow().status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aFlippedSignatureBitFails() {
        ObjectNode r = currentReceipt();
        byte[] sig = Hex.decode(r.path("signature").asText());
        sig[0] ^= 1;
        r.put("signature", Hex.encode(sig));
        ReceiptReport report = ReceiptVerification.verify(answer(r, a -> { }), inputs(CURRENT));
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.check("receipt.signature").orElseThrow().status()).isEqualTo(Status.FAIL);
    }

    @Test
    void anEditedMemberUnderTheOldSignatureFails() {
        ObjectNode r = currentReceipt();
        r.put("served_at", 1750000001);
        ReceiptReport report = ReceiptVerification.verify(answer(r, a -> { }), inputs(CURRENT));
        assertThat(statuses(report)).containsEntry("receipt.signature", Status.FAIL);
    }

    /** RFC 8032's first test key: a forger's Ed25519 key, in no keyset the vectors attest. */
    private static final String FORGER_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String FORGER_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static PrivateKey forgerKey() throws Exception {
        return java.security.KeyFactory.getInstance("Ed25519").generatePrivate(new java.security.spec.EdECPrivateKeySpec(
                java.security.spec.NamedParameterSpec.ED25519, Hex.decode(FORGER_SECRET)));
    }

    /** The current-form receipt after {@code edit}, signed by {@code key}. */
    private static ObjectNode signedBy(PrivateKey key, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode r = currentReceipt();
        edit.accept(r);
        r.remove("signature");
        r.put("signature", Hex.encode(AciGatewayVerificationTest.sign(key,
                Jcs.canonicalize(r.deepCopy().without("signature"), Jcs.Numbers.EXACT_INTEGERS))));
        return r;
    }

    private static byte[] utf8(String field) {
        return CURRENT.path(field).asText().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReceiptReSignedByAForgerUnderTheListedKeyIdFails() throws Exception {
        ObjectNode forged = signedBy(forgerKey(), x -> x.put("model", "cheaper-model"));
        AttestedKeyset attested = AciGatewayVerificationTest.attest(CURRENT.path("keyset"));
        for (ReceiptVerification.Inputs in : new ReceiptVerification.Inputs[]{inputs(CURRENT),
                ReceiptVerification.inputs().attestation(attestation(CURRENT)).attestedKeyset(attested).build()}) {
            ReceiptReport r = ReceiptVerification.verify(answer(forged, a -> { }), in);
            assertThat(statuses(r)).containsEntry("receipt.key", Status.PASS).containsEntry("receipt.signature",
                    Status.FAIL);
            assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        }
    }

    @Test
    void theForgersOwnKeysetRelayedByVeniceIsNeverAttested() throws Exception {
        ObjectNode keyset = (ObjectNode) CURRENT.path("keyset").deepCopy();
        ((ObjectNode) keyset.path("receipt_signing_keys").get(0)).put("public_key", FORGER_PUBLIC);
        String forgedDigest = io.venice.e2ee.attestation.aci.WorkloadKeyset.read(keyset, "k").digest();
        ObjectNode receipt = signedBy(forgerKey(), x -> x.put("workload_keyset_digest", forgedDigest));
        ObjectNode root = AciChecksTest.envelope(keyset, null);

        ReceiptReport relayed = ReceiptVerification.verify(answer(receipt, a -> { }), ReceiptVerification.inputs()
                .attestation(AttestationReport.parse(root.toString())).requestedModel("demo-model").build());
        assertThat(statuses(relayed)).containsEntry("receipt.signature", Status.PASS)
                .containsEntry("receipt.attested", Status.UNVERIFIABLE);
        assertThat(relayed.verdict()).isEqualTo(Verdict.SIGNED_BY_UNATTESTED_KEY);

        AttestedKeyset attested = AciGatewayVerificationTest.attest(CURRENT.path("keyset"));
        ReceiptReport checked = ReceiptVerification.verify(answer(receipt, a -> { }), ReceiptVerification.inputs()
                .attestation(AttestationReport.parse(root.toString())).attestedKeyset(attested).build());
        assertThat(statuses(checked)).containsEntry("receipt.keyset", Status.FAIL)
                .containsEntry("receipt.signature", Status.FAIL).containsEntry("receipt.attested", Status.UNVERIFIABLE);
        assertThat(checked.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void anAlteredBodyHashUnderTheOldSignatureFails() {
        ObjectNode r = currentReceipt();
        ((ObjectNode) r.path("event_log").get(3)).put("body_hash", "sha256:" + "ab".repeat(32));
        ReceiptReport report = ReceiptVerification.verify(answer(r, a -> { }), inputs(CURRENT));
        assertThat(statuses(report)).containsEntry("receipt.signature", Status.FAIL);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void theGatewaysBodiesWhenKnownMustBeTheHashedOnes() throws Exception {
        ReceiptVerification.Inputs direct = ReceiptVerification.inputs().attestation(attestation(CURRENT))
                .gatewayBodies(utf8("request_body"), utf8("response_body")).build();
        ReceiptReport same = ReceiptVerification.verify(answer(currentReceipt(), a -> { }), direct);
        assertThat(same.check("receipt.body_hashes").orElseThrow().status()).isEqualTo(Status.PASS);

        ReceiptReport otherAnswer = ReceiptVerification.verify(answer(currentReceipt(), a -> { }),
                ReceiptVerification.inputs().attestation(attestation(CURRENT))
                        .gatewayBodies(utf8("request_body"), "{\"choices\":[],\"id\":\"chatcmpl-124\"}"
                                .getBytes(StandardCharsets.UTF_8)).build());
        assertThat(otherAnswer.check("receipt.body_hashes").orElseThrow().reason()).startsWith("the receipt's"
                + " response.returned hash");
        assertThat(otherAnswer.verdict()).isEqualTo(Verdict.FAILED);

        ObjectNode otherRequest = resigned(x -> ((ObjectNode) x.path("event_log").get(0)).put("body_hash",
                "sha256:" + "cd".repeat(32)));
        ReceiptReport r = ReceiptVerification.verify(answer(otherRequest, a -> { }), direct);
        assertThat(statuses(r)).containsEntry("receipt.signature", Status.PASS)
                .containsEntry("receipt.body_hashes", Status.FAIL);
    }

    @Test
    void theAnswerAsReceivedIsParsedAndChecked() {
        String json = Json.object().put("text", TEXT).put("signing_address", address())
                .set("receipt", currentReceipt()).toString();
        assertThat(ReceiptVerification.verify(json, inputs(CURRENT)).verdict())
                .isEqualTo(Verdict.SIGNED_BY_UNATTESTED_KEY);
        assertThatThrownBy(() -> ReceiptVerification.verify("{\"receipt\":{\"signature\":\"00\"}}",
                inputs(CURRENT))).isInstanceOf(MalformedReceipt.class).hasMessageContaining("receipt.key_id");
    }

    /** The second API example of docs/attestation.md, as written there, on the vectors' keyset and receipt. */
    @Test
    void theDocsGatewayAndReceiptExampleVerifiesTheVectorsReceipt() {
        AttestationReport report = attestation(CURRENT);
        String gatewayJson = AciGatewayVerificationTest.gatewayJson(CURRENT.path("keyset"));
        VerificationPolicy policy = AciGatewayVerificationTest.testPolicy();
        byte[] freshNonce32 = AciGatewayVerificationTest.nonce();
        java.time.Instant now = Evidence.CAPTURE_TIME;
        String signatureJson = Json.object().put("text", TEXT).put("signing_address", address())
                .set("receipt", currentReceipt()).toString();
        String modelId = "demo-model";
        String completionId = "chatcmpl-123";
        // DOC:gateway begin
        // gateway-fronted models: attest the keyset with the gateway's own ACI attestation, fetched with a fresh nonce
        AciGatewayReport gw = AciGatewayVerification.verify(gatewayJson,
                report.aci().toOptional().orElseThrow().servedKeysetDigest(), policy,
                VerificationContext.builder().expectedNonce(freshNonce32).at(now).build());
        gw.attestedKeyset();            // present only when every check passed

        // receipts
        ReceiptReport rr = ReceiptVerification.verify(signatureJson,   // or a parsed SignatureResponse
                ReceiptVerification.inputs().attestation(report).requestedModel(modelId).requestId(completionId)
                        .attestedKeyset(gw.attestedKeyset().orElseThrow()).build());
        rr.verdict(); rr.checks(); rr.upstream();
        // DOC:gateway end
        assertThat(gw.passed()).as(gw.toString()).isTrue();
        assertThat(rr.verdict()).as(rr.summary()).isEqualTo(Verdict.VERIFIED);
        assertThat(rr.upstream()).hasSize(1);
        io.venice.e2ee.testing.ReadmeSnippets.assertInSync(io.venice.e2ee.testing.ReadmeSnippets.block(
                io.venice.e2ee.testing.ReadmeSnippets.page("docs/attestation.md"), "## API", "java", 1),
                io.venice.e2ee.testing.ReadmeSnippets.region(java.nio.file.Path.of(
                        "src/test/java/io/venice/e2ee/attestation/ReceiptVerificationTest.java"), "gateway"));
    }

    @Test
    void aKeyIdTheKeysetDoesNotListFails() throws Exception {
        ReceiptReport r = ReceiptVerification.verify(answer(resigned(x -> x.put("key_id", "receipt-9")), a -> { }),
                inputs(CURRENT));
        assertThat(statuses(r)).containsEntry("receipt.key", Status.FAIL).containsEntry("receipt.signature",
                Status.UNVERIFIABLE);
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void aReceiptNamingAnotherKeysetFails() throws Exception {
        ReceiptReport r = ReceiptVerification.verify(answer(resigned(x -> x.put("workload_keyset_digest",
                "sha256:" + "00".repeat(32))), a -> { }), inputs(CURRENT));
        assertThat(statuses(r)).containsEntry("receipt.keyset", Status.FAIL).containsEntry("receipt.signature",
                Status.PASS);
    }

    @Test
    void aReceiptForAnotherModelFails() throws Exception {
        ReceiptReport r = ReceiptVerification.verify(answer(resigned(x -> x.put("model", "other-model")), a -> { }),
                inputs(CURRENT));
        assertThat(statuses(r)).containsEntry("receipt.model", Status.FAIL).containsEntry("receipt.signature",
                Status.PASS);
        ReceiptReport venice = ReceiptVerification.verify(answer(currentReceipt(), a -> a.put("model", "e2ee-other")),
                inputs(CURRENT));
        assertThat(venice.check("receipt.model").orElseThrow().reason()).isEqualTo("the answer is for model"
                + " 'e2ee-other', not the requested 'demo-model'");
    }

    @Test
    void theReceiptsModelIsTheRequestedIdOrTheAttestedUpstreamName() {
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> { }), ReceiptVerification.inputs()
                .attestation(attestation(CURRENT)).requestedModel("e2ee-qwen3-5-122b-a10b").build());
        assertThat(r.check("receipt.model").orElseThrow().status()).isEqualTo(Status.FAIL);
        ObjectNode root = AciChecksTest.envelope((ObjectNode) CURRENT.path("keyset").deepCopy(), null);
        root.put("upstream_model", "Demo-Model").put("model_name", "Demo-Model");
        ReceiptReport named = ReceiptVerification.verify(answer(currentReceipt(), a -> { }), ReceiptVerification
                .inputs().attestation(AttestationReport.parse(root.toString())).requestedModel("e2ee-demo-p").build());
        assertThat(named.check("receipt.model").orElseThrow().reason()).isEqualTo("the receipt is for model"
                + " 'demo-model', the one requested as the attestation names it upstream");
    }

    @Test
    void aReceiptForAnotherCompletionFails() throws Exception {
        ReceiptReport r = ReceiptVerification.verify(answer(resigned(x -> x.put("chat_id", "chatcmpl-999")
                .put("receipt_id", "rcpt-9")), a -> { }), inputs(CURRENT));
        assertThat(statuses(r)).containsEntry("receipt.chat_id", Status.FAIL);
    }

    @Test
    void aLegacyTextForAnotherExchangeFails() {
        String other = "11".repeat(32) + ":" + TEXT.substring(65);
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> a.put("text", other)),
                inputs(CURRENT));
        assertThat(statuses(r)).containsEntry("receipt.legacy_text", Status.FAIL);
        ReceiptReport threeParts = ReceiptVerification.verify(answer(currentReceipt(), a -> a.put("text",
                "demo-model:" + TEXT)), inputs(CURRENT));
        assertThat(threeParts.check("receipt.legacy_text").orElseThrow().reason()).endsWith("(for model demo-model)");
    }

    @Test
    void anUpstreamTheGatewayCouldNotVerifyFails() throws Exception {
        ReceiptReport r = ReceiptVerification.verify(answer(resigned(x -> ((ObjectNode) x.path("event_log").get(2))
                .put("result", "failed").put("reason", "quote expired")), a -> { }), inputs(CURRENT));
        assertThat(r.check("receipt.upstream").orElseThrow().status()).isEqualTo(Status.FAIL);
        assertThat(r.check("receipt.upstream").orElseThrow().reason()).endsWith("as failed (quote expired)");
    }

    @Test
    void eventsMustStartWithTheRequestAndAccountForTheAnswer() throws Exception {
        ReceiptReport noStart = ReceiptVerification.verify(answer(resigned(x -> ((ArrayNode) x.path("event_log"))
                .remove(0)), a -> { }), inputs(CURRENT));
        assertThat(statuses(noStart)).containsEntry("receipt.events", Status.FAIL);
        ReceiptReport noEnd = ReceiptVerification.verify(answer(resigned(x -> ((ArrayNode) x.path("event_log"))
                .remove(3)), a -> { }), inputs(CURRENT));
        assertThat(statuses(noEnd)).containsEntry("receipt.events", Status.FAIL);
    }

    @Test
    void anAnswerNamingAnotherSignerFails() {
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> a.put("signing_address",
                "0x" + "11".repeat(20))), inputs(CURRENT));
        assertThat(statuses(r)).containsEntry("receipt.signing_address", Status.FAIL);
    }

    @Test
    void anAnswerWithoutAReceipt() {
        ReceiptReport r = ReceiptVerification.verify(answer(null, a -> { }), inputs(CURRENT));
        assertThat(r.verdict()).isEqualTo(Verdict.NO_RECEIPT);
        assertThat(r.upstream()).isEmpty();
        ReceiptReport other = ReceiptVerification.verify(answer(null, a -> a.put("signing_address",
                "0x" + "11".repeat(20))), inputs(CURRENT));
        assertThat(other.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void withoutAKeysetTheSignatureCannotBeChecked() {
        ReceiptReport r = ReceiptVerification.verify(answer(currentReceipt(), a -> { }), ReceiptVerification.inputs()
                .build());
        assertThat(r.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(statuses(r)).containsEntry("receipt.signature", Status.UNVERIFIABLE);
    }

    @Test
    void venicesSignatureObjectAndMalformedAnswers() {
        SignatureResponse s = SignatureResponse.parse("{\"text\":\"" + TEXT + "\",\"signature\":{\"algorithm\":"
                + "\"ecdsa\",\"value\":\"0xab\",\"public_key\":\"04\"},\"model\":\"m\",\"request_id\":\"r\"}");
        assertThat(s.signature()).hasValue("0xab");
        assertThat(s.receipt()).isEmpty();
        assertThatThrownBy(() -> SignatureResponse.parse("{\"receipt\":{\"api_version\":\"aci/1\"}}"))
                .isInstanceOf(MalformedReceipt.class).hasMessage("signature answer 'receipt.signature': is missing");
        assertThatThrownBy(() -> SignatureResponse.parse("{\"text\":1}")).isInstanceOf(MalformedReceipt.class)
                .hasMessage("signature answer 'text': must be a string");
        assertThatThrownBy(() -> SignatureResponse.parse("[]")).isInstanceOf(MalformedReceipt.class);
    }

    @Test
    void theLegacyTextHasTwoOrThreeParts() {
        String req = "94d809bf47380d8a2eab0eb6e126d4dda9364b0b4725cdf7ead52dd70b2aa87b";
        String resp = "DEDFFFE5B14D031B8E2C01996D021A15293CB7C63B56BE7E4BE9E89B6F0A5F61";
        assertThat(LegacySignedText.parse(req + ":" + resp)).isEqualTo(new LegacySignedText(null, req,
                resp.toLowerCase(java.util.Locale.ROOT)));
        assertThat(LegacySignedText.parse("z-ai/glm-5.2:" + req + ":" + resp).modelPrefix()).hasValue("z-ai/glm-5.2");
        assertThat(LegacySignedText.parse("a:b:" + req + ":" + resp).modelPrefix()).hasValue("a:b");
        for (String bad : new String[]{req, req + ":" + resp.substring(2), "x:" + req + ":zz" + resp.substring(2)}) {
            assertThatThrownBy(() -> LegacySignedText.parse(bad)).as(bad).isInstanceOf(MalformedReceipt.class);
        }
    }
}
