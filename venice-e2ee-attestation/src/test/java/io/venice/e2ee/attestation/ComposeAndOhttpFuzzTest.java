package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.compose.ActionsHash;
import io.venice.e2ee.attestation.compose.ComposeManagerEvidence;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.jcs.CanonicalizationException;
import io.venice.e2ee.attestation.ohttp.OhttpAttestation;
import io.venice.e2ee.attestation.ohttp.OhttpKeyConfig;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.JsonMutations;
import io.venice.e2ee.testing.OnlyTyped;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NEAR's compose-manager evidence (actions, {@code actions_hash} in each of its forms, the event log) and
 * {@code ohttp_attestation} (its Ed25519 signature and the raw OHTTP key configuration) on mutations of the real
 * reports ({@link JsonMutations}; the key configuration's bytes cut at every length, changed anywhere and given
 * every length). Parsing throws only its typed error; hashing and verifying what parsed never throws.
 */
class ComposeAndOhttpFuzzTest {
    private static final String DIRECT = "near/neardirect_qwen_qwen3.5-122b-a10b_20260629_020637_attestation_report.json";
    private static final List<String> REPORTS = List.of(DIRECT,
            "near/neardirect_qwen_qwen3.5-122b-a10b_20260610_015359_attestation_report.json",
            "near/neardirect_qwen_qwen3.5-122b-a10b_20260424_021037_attestation_report.json");
    private static final ObjectNode REPORT = (ObjectNode) JsonMutations.read(Evidence.text(DIRECT));
    private static final Instant REPORTED = Instant.parse("2026-06-29T02:06:37Z");
    private static final byte[] KEY_CONFIG = Hex.decode(REPORT.path("ohttp_attestation").path("key_config").asText());

    /** {@code {key: <the member key of the NEAR report at path>}}. */
    private static String only(String path, String key) {
        ObjectNode o = Json.object();
        o.set(key, JsonMutations.read(Evidence.text(path)).path(key));
        return o.toString();
    }

    @Test
    void theSeedsParseAsIsSoTheMutationsStartFromSomethingValid() throws Exception {
        for (String path : REPORTS) {
            ComposeManagerEvidence cm = ComposeManagerEvidence.read(Json.read(only(path,
                    "compose_manager_attestation")), "compose_manager_attestation");
            assertThat(ActionsHash.matching(cm.actionsJson(), cm.actionsHash())).as(path).isNotEmpty();
        }
        OhttpAttestation o = OhttpAttestation.read(REPORT, "ohttp_attestation");
        assertThat(o.signatureValid()).isTrue();
    }

    @Provide
    Arbitrary<String> composeEvidence() {
        return Arbitraries.oneOf(REPORTS.stream().map(p -> JsonMutations.of(only(p, "compose_manager_attestation"),
                4)).toList());
    }

    @Property
    void composeManagerEvidenceParsesOrIsRefusedAsMalformedEvidenceAndItsHashesNeverThrow(
            @ForAll("composeEvidence") String json) {
        ComposeManagerEvidence cm = OnlyTyped.check(json, () -> ComposeManagerEvidence.read(Json.read(json),
                "compose_manager_attestation"), MalformedEvidence.class,
                com.fasterxml.jackson.core.JsonProcessingException.class);
        if (cm != null) {
            OnlyTyped.check(json, () -> {
                cm.actions().forEach(a -> a.describe());
                cm.eventLog();
                cm.reportData();
                return cm.vmConfig();
            });
            for (ActionsHash.Form form : ActionsHash.Form.values()) {
                OnlyTyped.check(json, () -> ActionsHash.hash(cm.actionsJson(), form), CanonicalizationException.class);
            }
            OnlyTyped.check(json, () -> ActionsHash.matching(cm.actionsJson(), cm.actionsHash()),
                    CanonicalizationException.class);
        }
    }

    /** The whole verification, compose-manager checks and event log included, over a changed compose evidence. */
    @Property(tries = 40)
    void verifyingAReportWithAnyMutatedComposeEvidenceNeverThrows(@ForAll("composeEvidence") String json) {
        JsonNode cm = OnlyTyped.check(json, () -> Json.read(json), com.fasterxml.jackson.core.JsonProcessingException.class);
        if (cm == null || !cm.isObject()) {
            return;
        }
        ObjectNode report = REPORT.deepCopy();
        report.set("compose_manager_attestation", cm.path("compose_manager_attestation"));
        String doc = report.toString();
        AttestationReport parsed = OnlyTyped.check(doc, () -> AttestationReport.parse(doc), MalformedEvidence.class);
        if (parsed != null) {
            OnlyTyped.check(json, () -> parsed.composeManager().toOptional());
            VerificationReport result = OnlyTyped.check(json, () -> AttestationVerification.verify(parsed,
                    VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(),
                    VerificationContext.builder().expectedNonce(Hex.decode(REPORT.path("request_nonce").asText()))
                            .at(REPORTED).build()));
            assertThat(result.checks()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> ohttp() {
        return JsonMutations.of(only(DIRECT, "ohttp_attestation"), 3);
    }

    @Property
    void anOhttpAttestationParsesOrIsRefusedAsMalformedEvidenceAndItsSignatureChecksWithoutAThrow(
            @ForAll("ohttp") String json) {
        OhttpAttestation o = OnlyTyped.check(json, () -> OhttpAttestation.read(Json.read(json), "ohttp_attestation"),
                MalformedEvidence.class, com.fasterxml.jackson.core.JsonProcessingException.class);
        if (o != null) {
            Boolean valid = OnlyTyped.check(json, o::signatureValid);
            if (valid) {
                assertThat(o.keyConfigBytes()).as("only the signed configuration verifies").isEqualTo(KEY_CONFIG);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> keyConfigs() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, KEY_CONFIG.length - 1);
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, KEY_CONFIG.length + 8).map(n ->
                Arrays.copyOf(KEY_CONFIG, n));
        Arbitrary<byte[]> changed = Combinators.combine(at, Arbitraries.bytes()).as((i, b) -> {
            byte[] m = KEY_CONFIG.clone();
            m[i] = b;
            return m;
        });
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        return Arbitraries.oneOf(cut, changed, anyBytes);
    }

    @Property
    void anOhttpKeyConfigurationParsesOrIsRefusedAsMalformedEvidence(@ForAll("keyConfigs") byte[] bytes) {
        OhttpKeyConfig c = OnlyTyped.check(bytes, () -> OhttpKeyConfig.parse(bytes, "key_config"),
                MalformedEvidence.class);
        if (c != null) {
            assertThat(c.suites()).isNotEmpty();
        }
    }

    /** The KEM id and the suite-list length set to every 16-bit value allocate nothing beyond the input's size. */
    @Test
    void everyKemAndSuiteLengthIsRefusedOrReadWithinTheInput() {
        int suitesAt = 3 + 32;
        for (int value = 0; value <= 0xffff; value++) {
            for (int field : new int[] {1, suitesAt}) {
                byte[] forged = KEY_CONFIG.clone();
                forged[field] = (byte) (value >>> 8);
                forged[field + 1] = (byte) value;
                int v = value;
                long allocated = QuoteAndCertificatesFuzzTest.allocatedBy(() -> OnlyTyped.check("u16 at " + field
                        + " = " + v, () -> OhttpKeyConfig.parse(forged, "key_config"), MalformedEvidence.class));
                assertThat(allocated).as("bytes allocated for u16 at %d = %d", field, value).isLessThan(64 * 1024);
            }
        }
    }
}
