package io.venice.e2ee.attestation;

import io.venice.e2ee.testing.JsonMutations;
import io.venice.e2ee.testing.OnlyTyped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.Jwt;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.attestation.nvidia.NvidiaPayload;
import io.venice.e2ee.crypto.Hex;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attestation's JSON parsers on mutated real evidence (the recorded Venice attestation, its Intel collateral,
 * NVIDIA's NRAS answer and key set): cut anywhere, a character changed or added anywhere, a member removed or
 * repeated, any value two levels deep replaced by any JSON (deep nesting and huge strings included). Parsing throws only its typed error; reading every
 * field and verifying the result at the strictest level never throws at all.
 */
class AttestationParsersFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATTESTATION = Evidence.captureJson();
    private static final String COLLATERAL = Evidence.text(Evidence.CAPTURE + "collateral.json");
    private static final String NRAS = Evidence.text(Evidence.CAPTURE + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body");
    private static final String JWKS = Evidence.text(Evidence.CAPTURE
            + "0007_nras.attestation.nvidia.com_.well-known_jwks.json.body");
    private static final String NVIDIA_PAYLOAD = AttestationReport.parse(ATTESTATION).nvidiaPayload().toOptional()
            .orElseThrow();

    /** Mutations of {@code doc}, values replaced down to two levels ({@link JsonMutations}). */
    static Arbitrary<String> mutationsOf(String doc) {
        return JsonMutations.of(doc, 2);
    }

    @Provide
    Arbitrary<String> attestations() {
        return mutationsOf(ATTESTATION);
    }

    @Property
    void anAttestationParsesOrIsRefusedAndEveryFieldReads(@ForAll("attestations") String json) {
        AttestationReport report = OnlyTyped.check(json, () -> AttestationReport.parse(json),
                AttestationException.MalformedEvidence.class);
        if (report != null) {
            OnlyTyped.check(json, () -> {
                report.fields().forEach(EvidenceField::toOptional);
                report.malformations();
                report.echoedNonces();
                return report.signingPublicKey();
            });
        }
    }

    @Property(tries = 40)
    void verifyingAnyMutatedAttestationAtTheStrictestLevelNeverThrows(@ForAll("attestations") String json) {
        AttestationReport report = OnlyTyped.check(json, () -> AttestationReport.parse(json),
                AttestationException.MalformedEvidence.class);
        if (report != null) {
            VerificationReport result = OnlyTyped.check(json, () -> AttestationVerification.verify(report,
                    VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(),
                    Evidence.captureContext().build()));
            assertThat(result.checks()).isNotEmpty();
        }
    }

    @Test
    void aDeeplyNestedOrHugeAttestationIsRefusedByName() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String deepObject = "{\"a\":" + "{\"b\":".repeat(5000) + "1" + "}".repeat(5000) + "}";
        String hugeQuote = "{\"intel_quote\":\"" + "0".repeat(24_000_000) + "\"}";
        for (String doc : List.of(deep, deepObject)) {
            assertThat(OnlyTyped.check(doc.length() + " characters", () -> AttestationReport.parse(doc),
                    AttestationException.MalformedEvidence.class)).isNull();
        }
        // 24 million characters are within the JSON reader's string limit (one envelope in hex): read, then refused
        // by verification with a failed check, never an untyped error
        AttestationReport huge = OnlyTyped.check("a 24-million-character quote", () -> AttestationReport.parse(hugeQuote),
                AttestationException.MalformedEvidence.class);
        if (huge != null) {
            VerificationReport result = OnlyTyped.check("a 24-million-character quote", () ->
                    AttestationVerification.verify(huge, VerificationPolicy.builder()
                            .level(VerificationPolicy.Level.FULL).build(), Evidence.captureContext().build()));
            assertThat(result.passed()).isFalse();
        }
        for (String nested : List.of(deep, deepObject)) {
            ObjectNode withPayload;
            try {
                withPayload = (ObjectNode) JSON.readTree(ATTESTATION);
                withPayload.put("nvidia_payload", nested);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            AttestationReport report = AttestationReport.parse(withPayload.toString());
            OnlyTyped.check("nested payload", () -> report.nvidiaPayload().toOptional());
            OnlyTyped.check("nested payload", () -> NvidiaPayload.parse(nested),
                    AttestationException.MalformedGpuEvidence.class);
        }
    }

    @Provide
    Arbitrary<String> collaterals() {
        return mutationsOf(COLLATERAL);
    }

    @Property
    void collateralParsesOrIsRefusedAsCollateral(@ForAll("collaterals") String json) {
        OnlyTyped.check(json, () -> Collateral.parse(json), AttestationException.MalformedCollateral.class);
    }

    @Provide
    Arbitrary<String> payloads() {
        return mutationsOf(NVIDIA_PAYLOAD);
    }

    @Property
    void anNvidiaPayloadParsesOrIsRefusedAsGpuEvidence(@ForAll("payloads") String json) {
        NvidiaPayload p = OnlyTyped.check(json, () -> NvidiaPayload.parse(json),
                AttestationException.MalformedGpuEvidence.class);
        if (p != null) {
            OnlyTyped.check(json, () -> {
                p.gpus().forEach(g -> {
                    g.requestNonce();
                    g.signedBytes();
                    g.signature();
                    g.chain();
                });
                return p;
            });
        }
    }

    @Provide
    Arbitrary<String> nrasAnswers() {
        return mutationsOf(NRAS);
    }

    @Property
    void anNrasAnswerAndItsTokensParseOrAreRefusedAsNras(@ForAll("nrasAnswers") String json) {
        OnlyTyped.check(json, () -> NrasAnswer.parse(json), AttestationException.MalformedNrasAnswer.class);
    }

    @Provide
    Arbitrary<String> keySets() {
        return mutationsOf(JWKS);
    }

    @Property
    void aKeySetParsesOrIsRefusedAsNras(@ForAll("keySets") String json) {
        OnlyTyped.check(json, () -> Jwks.parse(json), AttestationException.MalformedNrasAnswer.class);
    }

    @Provide
    Arbitrary<String> tokens() {
        List<String> real = new ArrayList<>();
        try {
            collectTokens(JSON.readTree(NRAS), real);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(real).as("the NRAS answer holds tokens").isNotEmpty();
        Arbitrary<String> token = Arbitraries.of(real);
        Arbitrary<String> cut = token.flatMap(t -> Arbitraries.integers().between(0, t.length()).map(i -> t.substring(0, i)));
        Arbitrary<String> changed = token.flatMap(t -> Combinators.combine(Arbitraries.integers().between(0,
                t.length() - 1), Arbitraries.chars()).as((i, c) -> t.substring(0, i) + c + t.substring(i + 1)));
        return Arbitraries.oneOf(cut, changed, Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("abc.-_=+/").ofMaxLength(60));
    }

    private static void collectTokens(JsonNode n, List<String> out) {
        if (n.isTextual() && n.asText().startsWith("eyJ") && n.asText().chars().filter(c -> c == '.').count() == 2) {
            out.add(n.asText());
        }
        n.elements().forEachRemaining(e -> collectTokens(e, out));
    }

    @Property
    void aJwtParsesOrIsRefusedAsNras(@ForAll("tokens") String compact) {
        OnlyTyped.check(compact, () -> Jwt.parse("token", compact), AttestationException.MalformedNrasAnswer.class);
    }

    @Test
    void theRealEvidenceParsesAsIsSoTheMutationsStartFromSomethingValid() {
        assertThat(AttestationReport.parse(ATTESTATION).malformations()).isEmpty();
        assertThat(Collateral.parse(COLLATERAL)).isNotNull();
        assertThat(NvidiaPayload.parse(NVIDIA_PAYLOAD).gpus()).isNotEmpty();
        assertThat(Hex.encode(Evidence.captureQuote())).isNotEmpty();
    }
}
