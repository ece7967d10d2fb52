package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.aci.WorkloadKeyset;
import io.venice.e2ee.attestation.ed25519.Ed25519;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.error.AttestationException.MalformedReceipt;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.jcs.CanonicalizationException;
import io.venice.e2ee.attestation.jcs.CompactJson;
import io.venice.e2ee.attestation.jcs.Jcs;
import io.venice.e2ee.attestation.receipt.LegacySignedText;
import io.venice.e2ee.attestation.receipt.Receipt;
import io.venice.e2ee.attestation.receipt.SignatureResponse;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.JsonMutations;
import io.venice.e2ee.testing.OnlyTyped;
import io.venice.e2ee.testing.TestVectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACI parsers on mutated real evidence of both generations ({@link JsonMutations}): the gateway's own attestation
 * and the envelope Venice relays (keysets with their u64 members), the {@code /tee/signature} answer with its receipt,
 * the legacy EIP-191 text, RFC 8785 canonicalization and Ed25519 signatures. Parsing throws only its typed error;
 * verifying what parsed never throws; a length cannot make a parser allocate beyond the size of its input.
 */
class AciAndReceiptsFuzzTest {
    private static final JsonNode VECTORS = TestVectors.json("aci/vectors/aci_vectors_published.json");
    private static final JsonNode CURRENT = VECTORS.path("current_form_2026-08");
    private static final JsonNode EARLIER = VECTORS.path("earlier_form_pre_2026-08-03");
    private static final String GATEWAY = AciGatewayVerificationTest.gatewayJson(CURRENT.path("keyset"));
    /** The policy trusting the test PKI {@link #GATEWAY} was signed under (another test class may make a new one). */
    private static final VerificationPolicy GATEWAY_POLICY = AciGatewayVerificationTest.testPolicy();
    private static final List<String> ENVELOPES = List.of(relayed(CURRENT), relayed(EARLIER),
            fixture("aci/mocks/private-ai-gateway_tests_fixtures_aci_report_fixture.json"),
            fixture("aci/mocks/private-ai-gateway_verifier-ts_test_fixtures_aci_report.json"), GATEWAY);
    private static final String TEXT = CURRENT.path("legacy_eip191_text_for_this_receipt").asText();
    private static final String CURRENT_ANSWER = answer(CURRENT.path("receipt_served"));
    private static final String EARLIER_ANSWER = answer(earlierReceipt());

    /** The capture relaying the vectors' keyset of {@code form} in an ACI envelope, as Venice serves {@code -p}. */
    private static String relayed(JsonNode form) {
        ObjectNode root = AciChecksTest.envelope((ObjectNode) form.path("keyset").deepCopy(), null);
        if (form == EARLIER) {
            root.put("workload_id", EARLIER.path("workload_id").asText());
        }
        return root.toString();
    }

    private static String fixture(String path) {
        return new String(TestVectors.bytes(path), StandardCharsets.UTF_8);
    }

    /** A {@code /tee/signature} answer carrying {@code receipt} and the vectors' legacy text. */
    private static String answer(JsonNode receipt) {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("api_version", "aci/1").put("text", TEXT)
                .put("signature", "0x" + "00".repeat(65)).put("signing_address", AttestationReport.parse(
                        Evidence.captureJson()).signingAddress().toOptional().orElseThrow())
                .put("signing_algo", "ecdsa").put("model", "demo-model").put("request_id", "chatcmpl-123");
        a.set("receipt", receipt);
        return a.toString();
    }

    /** The earlier-form receipt: the specification's canonical bytes with their published signature. */
    private static JsonNode earlierReceipt() {
        String md = fixture("aci/vectors/private-ai-gateway_spec_test-vectors.md@38fc921_pre-2026-08-03.md");
        int at = md.indexOf("```text", md.indexOf("Canonical bytes for signing"));
        ObjectNode r = (ObjectNode) JsonMutations.read(md.substring(md.indexOf('\n', at) + 1, md.indexOf("```", at + 7))
                .strip());
        ((ObjectNode) r.get("signature")).put("value", EARLIER.path("receipt_old_signature_value_ed25519").asText());
        return r;
    }

    @Test
    void theSeedsParseAsIsSoTheMutationsStartFromSomethingValid() throws Exception {
        for (String doc : ENVELOPES) {
            assertThat(AciEnvelope.read(Json.read(doc))).as(doc.substring(0, 80)).isNotNull();
        }
        assertThat(AciGatewayVerification.verify(GATEWAY, null, GATEWAY_POLICY,
                gatewayContext()).passed()).isTrue();
        assertThat(SignatureResponse.parse(CURRENT_ANSWER).receipt()).isPresent();
        assertThat(SignatureResponse.parse(EARLIER_ANSWER).receipt()).isPresent();
        assertThat(LegacySignedText.parse(TEXT).requestHash()).hasSize(64);
    }

    private static VerificationContext gatewayContext() {
        return VerificationContext.builder().expectedNonce(AciGatewayVerificationTest.nonce())
                .at(Evidence.CAPTURE_TIME).build();
    }

    @Provide
    Arbitrary<String> envelopes() {
        return Arbitraries.oneOf(ENVELOPES.stream().map(d -> JsonMutations.of(d, 5,
                p -> p.startsWith("/attestation") || p.startsWith("/workload") || p.startsWith("/api_version")
                        || p.startsWith("/service_capabilities"))).toList());
    }

    @Property
    void anAciEnvelopeParsesOrIsRefusedAsMalformedEvidenceAndEveryMemberReads(@ForAll("envelopes") String json) {
        AciEnvelope env = OnlyTyped.check(json, () -> AciEnvelope.read(Json.read(json)), MalformedEvidence.class,
                com.fasterxml.jackson.core.JsonProcessingException.class);
        if (env != null) {
            OnlyTyped.check(json, () -> {
                WorkloadKeyset k = env.keyset();
                k.digest();
                k.notAfter();
                k.expiredAt(Evidence.CAPTURE_TIME);
                k.epochVersion();
                k.identity();
                k.receiptSigningKeys().forEach(key -> k.receiptKey(key.keyId()));
                k.e2eePublicKeys();
                k.tlsPublicKeys();
                env.evidence().ifPresent(e -> {
                    e.quoteReportData();
                    e.vmConfigValue();
                });
                return env;
            });
        }
        AttestationReport report = OnlyTyped.check(json, () -> AttestationReport.parse(json), MalformedEvidence.class);
        if (report != null) {
            OnlyTyped.check(json, () -> report.aci().toOptional());
        }
    }

    @Property(tries = 40)
    void verifyingAnyMutatedAciDocumentNeverThrows(@ForAll("envelopes") String json) {
        AciGatewayReport gateway = OnlyTyped.check(json, () -> AciGatewayVerification.verify(json,
                CURRENT.path("workload_keyset_digest").asText(), GATEWAY_POLICY,
                gatewayContext()));
        assertThat(gateway.report().checks()).isNotEmpty();
        AttestationReport report = OnlyTyped.check(json, () -> AttestationReport.parse(json), MalformedEvidence.class);
        if (report != null) {
            VerificationReport result = OnlyTyped.check(json, () -> AttestationVerification.verify(report,
                    VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(),
                    Evidence.captureContext().build()));
            assertThat(result.checks()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> answers() {
        return Arbitraries.oneOf(JsonMutations.of(CURRENT_ANSWER, 5, p -> true),
                JsonMutations.of(EARLIER_ANSWER, 5, p -> true));
    }

    @Property
    void aSignatureAnswerAndItsReceiptParseOrAreRefusedAsMalformedReceipts(@ForAll("answers") String json) {
        SignatureResponse answer = OnlyTyped.check(json, () -> SignatureResponse.parse(json), MalformedReceipt.class);
        if (answer != null) {
            OnlyTyped.check(json, () -> {
                answer.text().ifPresent(t -> OnlyTyped.check(t, () -> LegacySignedText.parse(t),
                        MalformedReceipt.class));
                answer.receipt().ifPresent(r -> {
                    r.events().forEach(e -> r.event(e.type()));
                    r.signature();
                    r.signedBytes();
                    r.document();
                });
                return answer;
            });
        }
    }

    @Property(tries = 40)
    void checkingAnyMutatedReceiptNeverThrows(@ForAll("answers") String json) {
        SignatureResponse answer = OnlyTyped.check(json, () -> SignatureResponse.parse(json), MalformedReceipt.class);
        if (answer != null) {
            boolean current = json.contains("\"key_id\":\"receipt-1\",\"signature\"");
            JsonNode form = answer.receipt().map(r -> r.generation() == io.venice.e2ee.attestation.aci.AciGeneration
                    .EARLIER ? EARLIER : CURRENT).orElse(current ? CURRENT : EARLIER);
            ReceiptVerification.Inputs.Builder in = ReceiptVerification.inputs()
                    .attestation(AttestationReport.parse(relayed(form))).requestedModel("demo-model")
                    .requestId("chatcmpl-123");
            if (form == CURRENT) {
                in.attestedKeyset(AciGatewayVerificationTest.attest(CURRENT.path("keyset")));
            }
            ReceiptReport r = OnlyTyped.check(json, () -> ReceiptVerification.verify(answer, in.build()));
            assertThat(r.checks()).isNotEmpty();
            OnlyTyped.check(json, r::summary);
        }
    }

    @Provide
    Arbitrary<String> legacyTexts() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, TEXT.length() - 1);
        return Arbitraries.oneOf(at.map(i -> TEXT.substring(0, i)),
                Combinators.combine(at, Arbitraries.chars()).as((i, c) -> TEXT.substring(0, i) + c
                        + TEXT.substring(i + 1)),
                Combinators.combine(at, Arbitraries.strings().withChars(":0af").ofMaxLength(70)).as((i, s) ->
                        TEXT.substring(0, i) + s + TEXT.substring(i)),
                Arbitraries.strings().withChars(":0123456789abcdefABCDEFxg").ofMaxLength(200),
                Arbitraries.strings().ofMaxLength(200));
    }

    @Property
    void aLegacySignedTextParsesOrIsRefusedAsMalformedReceipt(@ForAll("legacyTexts") String text) {
        LegacySignedText t = OnlyTyped.check(text, () -> LegacySignedText.parse(text), MalformedReceipt.class);
        if (t != null) {
            assertThat(text.substring(text.length() - 65).toLowerCase(java.util.Locale.ROOT))
                    .isEqualTo(":" + t.responseHash());
            assertThat(t.requestHash()).matches("[0-9a-f]{64}");
            assertThat(t.responseHash()).matches("[0-9a-f]{64}");
        }
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return Arbitraries.oneOf(JsonMutations.values(), JsonMutations.values().list().ofMaxSize(4).map(l ->
                JsonNodeFactory.instance.arrayNode().addAll(l)), Arbitraries.of(
                JsonNodeFactory.instance.numberNode(Double.NaN),
                JsonNodeFactory.instance.numberNode(Double.POSITIVE_INFINITY),
                JsonNodeFactory.instance.textNode("\ud800"), JsonNodeFactory.instance.objectNode()
                        .put("\udc00", 1)));
    }

    @Property
    void anyJsonCanonicalizesOrIsRefusedAsCanonicalizationException(@ForAll("anyJson") JsonNode value) {
        for (Jcs.Numbers numbers : Jcs.Numbers.values()) {
            OnlyTyped.check(value, () -> Jcs.canonicalize(value, numbers), CanonicalizationException.class);
        }
        OnlyTyped.check(value, () -> CompactJson.write(value, CompactJson.MemberOrder.sortedByCodePoint()),
                CanonicalizationException.class);
    }

    @Property
    void everyDoubleIsWrittenSoItReadsBackAsItselfOrIsRefused(@ForAll double value) {
        String s = OnlyTyped.check(value, () -> Jcs.formatNumber(value), CanonicalizationException.class);
        if (s != null) {
            assertThat(Double.parseDouble(s)).isEqualTo(value == 0 ? 0.0 : value);
        } else {
            assertThat(Double.isFinite(value)).isFalse();
        }
    }

    @Property
    void anyEd25519KeyAndSignatureVerifyToFalseWithoutAThrow(@ForAll @Size(max = 40) byte[] key,
                                                            @ForAll @Size(max = 100) byte[] message,
                                                            @ForAll @Size(max = 70) byte[] signature) {
        Boolean valid = OnlyTyped.check(key, () -> Ed25519.verify(key, message, signature));
        assertThat(valid).isFalse();
        OnlyTyped.check(key, () -> Ed25519.publicKey(key), GeneralSecurityException.class);
    }

    @Property
    void theRealReceiptSignatureWithAnyBitChangedIsRefusedWithoutAThrow(@ForAll("bitFlips") int bit) {
        byte[] key = Hex.decode(CURRENT.path("keys").path("receipt-1_pub").asText());
        byte[] message = CURRENT.path("receipt_signing_input").asText().getBytes(StandardCharsets.UTF_8);
        byte[] signature = Hex.decode(CURRENT.path("receipt_signature_ed25519").asText());
        assertThat(Ed25519.verify(key, message, signature)).as("the published signature").isTrue();
        byte[][] parts = {key, message, signature};
        int at = bit;
        for (byte[] part : parts) {
            if (at < part.length * 8) {
                part[at / 8] ^= (byte) (1 << (at % 8));
                break;
            }
            at -= part.length * 8;
        }
        assertThat(OnlyTyped.check(bit, () -> Ed25519.verify(key, message, signature))).isFalse();
    }

    @Provide
    Arbitrary<Integer> bitFlips() {
        int bits = 8 * (32 + 64 + CURRENT.path("receipt_signing_input").asText().getBytes(StandardCharsets.UTF_8).length);
        return Arbitraries.integers().between(0, bits - 1);
    }

    /**
     * A document nested to the reader's depth limit with a long member name on every level: reading and
     * canonicalizing it (receipts and keysets are canonicalized to be hashed) allocates in proportion to its size,
     * never its size times its depth (paths in error messages were built whole at every level: 35 times the input).
     */
    @Test
    void deepMembersWithLongNamesAllocateInProportionToTheInput() throws Exception {
        String name = "n".repeat(50_000);
        int depth = 60;
        String deep = ("{\"" + name + "\":").repeat(depth) + "1" + "}".repeat(depth);
        ObjectNode receipt = (ObjectNode) CURRENT.path("receipt_served").deepCopy();
        receipt.set("extension", JsonMutations.read(deep));
        String json = answer(receipt);
        SignatureResponse[] parsed = new SignatureResponse[1];
        long allocated = QuoteAndCertificatesFuzzTest.allocatedBy(() -> parsed[0] = OnlyTyped.check(json.length(),
                () -> SignatureResponse.parse(json)));
        assertThat(parsed[0].receipt()).as("the deep receipt is read, not refused").isPresent();
        assertThat(allocated).as("bytes allocated reading a %d-character receipt", json.length())
                .isLessThan(12L * json.length());
        ObjectNode keyset = (ObjectNode) CURRENT.path("keyset").deepCopy();
        keyset.set("extension", JsonMutations.read(deep));
        long forKeyset = QuoteAndCertificatesFuzzTest.allocatedBy(() -> OnlyTyped.check(json.length(),
                () -> WorkloadKeyset.read(keyset, "keyset").digest(), MalformedEvidence.class));
        assertThat(forKeyset).as("bytes allocated hashing a keyset of %d characters", deep.length())
                .isLessThan(12L * deep.length());
    }
}
