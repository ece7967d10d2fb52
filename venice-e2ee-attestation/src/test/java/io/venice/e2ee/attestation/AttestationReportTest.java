package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.crypto.Hex;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttestationReportTest {

    private static <T> T value(EvidenceField<T> f) {
        return f.toOptional().orElseThrow(() -> new AssertionError(f.name() + " is " + f));
    }

    @Test
    void parsesTheLiveCapture() {
        AttestationReport r = AttestationReport.parse(Evidence.captureJson());
        assertThat(value(r.verified())).isTrue();
        assertThat(value(r.model())).isEqualTo("e2ee-qwen3-5-122b-a10b");
        assertThat(value(r.nonce())).isEqualTo(Hex.encode(Evidence.captureNonce()));
        assertThat(r.echoedNonces()).containsOnlyKeys("nonce", "request_nonce")
                .containsValue(Hex.encode(Evidence.captureNonce()));
        SigningKey key = value(r.signingKey());
        assertThat(key.bytes()).hasSize(65).startsWith(0x04);
        assertThat(key.field()).isEqualTo("signing_key");
        assertThat(key.servedText()).isEqualTo(Checks.textField(Evidence.captureJson(), "signing_key"));
        assertThat(key.address().toLowerCase()).isEqualTo(value(r.signingAddress()));
        assertThat(r.signingPublicKey()).isEqualTo(key.bytes());
        assertThat(value(r.signingAddress())).isEqualTo("0x6525e128afcffebf7eed05d485d7be983cdae934");
        assertThat(value(r.intelQuote())).startsWith(4, 0, 2, 0, 0x81, 0, 0, 0);
        assertThat(value(r.nvidiaPayload())).startsWith("{\"arch\":\"HOPPER\"");
        assertThat(value(r.eventLog())).hasSize(30);
        assertThat(r.eventLog().name()).isEqualTo("event_log");
        assertThat(value(r.eventLog()).get(0).imr()).isZero();
        assertThat(value(r.appCompose())).contains("\"manifest_version\": 2");
        assertThat(value(r.composeHash()))
                .isEqualTo("242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b");
        assertThat(value(r.tcbInfo()).path("mrtd").asText()).startsWith("b24d3b24");
        assertThat(r.serverVerification().path("tdx").path("valid").asBoolean()).isTrue();
        assertThat(r.fields()).noneMatch(EvidenceField::isMalformed);
        assertThat(r.malformations()).isEmpty();
    }

    @Test
    void byteArraysAndTreesAreCopies() {
        AttestationReport r = AttestationReport.parse(Evidence.captureJson());
        value(r.intelQuote())[0] = 9;
        assertThat(value(r.intelQuote())[0]).isEqualTo((byte) 4);
        EvidenceField<?> listed = r.fields().stream().filter(f -> f.name().equals("intel_quote")).findFirst()
                .orElseThrow();
        ((byte[]) listed.toOptional().orElseThrow())[0] = 9;
        assertThat(value(r.intelQuote())[0]).isEqualTo((byte) 4);
        value(r.signingKey()).bytes()[1] ^= 1;
        assertThat(value(r.signingKey()).bytes()).isEqualTo(r.signingPublicKey());
        ((com.fasterxml.jackson.databind.node.ObjectNode) value(r.tcbInfo())).put("mrtd", "00");
        assertThat(value(r.tcbInfo()).path("mrtd").asText()).startsWith("b24d3b24");
    }

    @Test
    void acceptsTheAlternativeForms() {
        AttestationReport live = AttestationReport.parse(Evidence.captureJson());
        AttestationReport r = Checks.editedCapture(root -> {
            root.remove("signing_key");
            root.put("signing_public_key", root.path("signing_public_key").asText().substring(2));
            root.remove("nonce");
            root.put("intel_quote", Base64.getEncoder().encodeToString(value(live.intelQuote())));
            root.put("event_log", root.path("event_log").toString());
            root.put("something_new", 42);
        });
        AttestationReport prefixed = Checks.editedCapture(root -> {
            root.put("intel_quote", "0x" + root.path("intel_quote").asText());
            root.put("signing_key", "0x" + root.path("signing_key").asText());
            root.put("signing_public_key", "0x" + root.path("signing_public_key").asText());
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("event_log").get(0)).put("imr", "0");
        });
        assertThat(value(prefixed.intelQuote())).isEqualTo(value(live.intelQuote()));
        assertThat(prefixed.signingPublicKey()).isEqualTo(live.signingPublicKey());
        assertThat(value(prefixed.signingKey()).servedText()).startsWith("0x04");
        assertThat(value(prefixed.eventLog())).isEqualTo(value(live.eventLog()));
        assertThat(r.signingPublicKey()).isEqualTo(live.signingPublicKey());
        assertThat(value(r.signingKey()).field()).isEqualTo("signing_public_key");
        assertThat(value(r.signingKey()).servedText()).hasSize(128);
        assertThat(r.nonce().isPresent()).isFalse();
        assertThat(value(r.requestNonce())).isEqualTo(value(live.nonce()));
        assertThat(value(r.intelQuote())).isEqualTo(value(live.intelQuote()));
        assertThat(value(r.eventLog())).isEqualTo(value(live.eventLog()));
    }

    @Test
    void absentFieldsAreAbsent() {
        AttestationReport r = AttestationReport.parse("{}");
        assertThat(r.fields()).allSatisfy(f -> {
            assertThat(f).isInstanceOf(EvidenceField.Absent.class);
            assertThat(f.read()).isEmpty();
        });
        assertThat(r.signingPublicKey()).isNull();
        assertThat(r.echoedNonces()).isEmpty();
        assertThat(r.eventLog().name()).isEqualTo("event_log");
    }

    @Test
    void malformedFieldsAreNamed() {
        assertField("{\"signing_key\":\"04zz\"}", "signing_key", AttestationReport::signingKey);
        assertField("{\"signing_public_key\":\"" + "ab".repeat(10) + "\"}", "signing_public_key",
                AttestationReport::signingKey);
        assertField("{\"intel_quote\":\"%%%not-base64%%%\"}", "intel_quote", AttestationReport::intelQuote);
        assertField("{\"intel_quote\":\"%%%%\"}", "intel_quote", AttestationReport::intelQuote);
        assertField("{\"verified\":\"yes\"}", "verified", AttestationReport::verified);
        assertField("{\"nonce\":7}", "nonce", AttestationReport::nonce);
        assertField("{\"nvidia_payload\":[1]}", "nvidia_payload", AttestationReport::nvidiaPayload);
        assertField("{\"event_log\":[{\"imr\":9,\"digest\":\"00\"}]}", "event_log[0].imr", AttestationReport::eventLog);
        assertField("{\"event_log\":\"not json\"}", "event_log", AttestationReport::eventLog);
        assertField("{\"info\":{\"tcb_info\":5}}", "info.tcb_info", AttestationReport::tcbInfo);
        assertRefused("[1,2]");
        assertRefused("{\"verified\":");
        assertRefused("{\"verified\":true,\"verified\":false}");
    }

    @Test
    void twoDifferentKeysAreMalformed() {
        String a = "04" + "11".repeat(64);
        String b = "04" + "22".repeat(64);
        assertField("{\"signing_key\":\"" + a + "\",\"signing_public_key\":\"" + b + "\"}", "signing_key",
                AttestationReport::signingKey);
        AttestationReport same = AttestationReport.parse("{\"signing_key\":\"" + a + "\",\"signing_public_key\":\"0x"
                + a + "\"}");
        assertThat(value(same.signingKey()).field()).isEqualTo("signing_key");
    }

    @Test
    void nearsOwnEd25519IdentityIsNamedAsSuchNotAsABadLength() throws Exception {
        // NEAR's direct answers carry the backend's Ed25519 identity, which no prompt can be sealed to
        String json = Evidence.text("near/neardirect_qwen_qwen3.5-122b-a10b_20260629_020637_attestation_report.json");
        AttestationReport r = AttestationReport.parse(json);
        assertThat(r.signingKey().malformation()).get().extracting(Throwable::getMessage).asString()
                .contains("Ed25519").contains("signing_algo=ecdsa").doesNotContain("130 hex");
        // the same key text without signing_algo ed25519 keeps the plain length message
        String key = Checks.JSON.readTree(json).path("signing_public_key").asText();
        assertThat(AttestationReport.parse("{\"signing_public_key\":\"" + key + "\"}").signingKey().malformation())
                .get().extracting(Throwable::getMessage).asString().contains("130 hex").doesNotContain("Ed25519");
    }

    /** A malformed field reads as malformed under its own error; the other fields parse on. */
    private static void assertField(String json, String field,
                                    java.util.function.Function<AttestationReport, EvidenceField<?>> accessor) {
        AttestationReport r = AttestationReport.parse(json);
        EvidenceField<?> f = accessor.apply(r);
        assertThat(f).isInstanceOf(EvidenceField.Malformed.class);
        assertThat(f.toOptional()).isEmpty();
        assertThat(f.malformation()).get().extracting(AttestationException::field).isEqualTo(field);
        assertThat(r.malformations()).extracting(AttestationException::field).containsExactly(field);
        assertThatThrownBy(f::read)
                .isInstanceOf(AttestationException.MalformedEvidence.class)
                .hasMessageContaining("'" + field + "'");
    }

    @Test
    void jsonStreamLimitsAreTheTypedErrorAndABigQuoteFailsItsCheck() {
        int depth = io.venice.e2ee.attestation.json.VeniceJson.MAX_NESTING_DEPTH + 1;
        assertRefused("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        assertRefused("{\"intel_quote\":\"" + "a".repeat(io.venice.e2ee.attestation.json.VeniceJson.MAX_STRING_LENGTH
                + 1) + "\"}");
        // 24 million hex characters: within the limits, so it parses, and the quote check says what is wrong
        AttestationReport r = AttestationReport.parse("{\"intel_quote\":\"" + "00".repeat(12_000_000) + "\"}");
        VerificationReport vr = AttestationVerification.verify(r, VerificationPolicy.builder()
                .level(VerificationPolicy.Level.TDX).build(), VerificationContext.builder()
                .expectedNonce(new byte[32]).at(Evidence.CAPTURE_TIME).build());
        VerificationReport.Check parse = vr.check("tdx.quote.parse").orElseThrow();
        assertThat(parse.status()).isEqualTo(io.venice.e2ee.spi.AttestationVerifier.Outcome.FAIL);
        assertThat(parse.reason()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static void assertRefused(String json) {
        assertThatThrownBy(() -> AttestationReport.parse(json))
                .isInstanceOf(AttestationException.MalformedEvidence.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo("(document)"));
    }

    @Test
    void aFieldReadFromAContainerIsMalformedWithIt() {
        AttestationReport r = AttestationReport.parse("{\"event_log\":[{\"imr\":4,\"digest\":\"00\"}],"
                + "\"info\":{\"tcb_info\":\"\"}}");
        assertThat(r.eventLog().malformation()).get().extracting(AttestationException::field)
                .isEqualTo("event_log[0].imr");
        assertThat(r.appCompose().malformation()).get().extracting(AttestationException::field)
                .isEqualTo("info.tcb_info");
        assertThat(r.composeHash().malformation()).get().extracting(AttestationException::field)
                .isEqualTo("info.tcb_info");
        assertThat(r.tcbInfo().isMalformed()).isTrue();
        assertThat(r.intelQuote().isMalformed()).isFalse();
        AttestationReport badInfo = AttestationReport.parse("{\"info\":[],\"event_log\":[]}");
        assertThat(badInfo.appCompose().malformation()).get().extracting(AttestationException::field)
                .isEqualTo("info");
        assertThat(badInfo.eventLog().malformation()).get().extracting(AttestationException::field)
                .isEqualTo("info");
        // served at the top, the event log does not depend on info
        AttestationReport topLog = Checks.editedCapture(root -> root.putArray("info"));
        assertThat(value(topLog.eventLog())).hasSize(30);
        assertThat(topLog.appCompose().isMalformed()).isTrue();
    }

    @Test
    void theEventLogInsideTcbInfoIsReadWhenTheTopOneIsMissing() {
        AttestationReport live = AttestationReport.parse(Evidence.captureJson());
        AttestationReport r = Checks.editedCapture(root -> {
            com.fasterxml.jackson.databind.JsonNode top = root.remove("event_log");
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("info").path("tcb_info")).set("event_log", top);
        });
        assertThat(r.eventLog().name()).isEqualTo("info.tcb_info.event_log");
        assertThat(value(r.eventLog())).isEqualTo(value(live.eventLog()));
    }
}
