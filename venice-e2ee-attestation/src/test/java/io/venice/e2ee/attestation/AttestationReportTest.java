package io.venice.e2ee.attestation;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.attestation.error.AttestationException;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttestationReportTest {

    @Test
    void parsesTheLiveCapture() {
        AttestationReport r = AttestationReport.parse(Evidence.captureJson());
        assertThat(r.verified()).isTrue();
        assertThat(r.model()).isEqualTo("e2ee-qwen3-5-122b-a10b");
        assertThat(r.nonce()).isEqualTo(Hex.encode(Evidence.captureNonce()));
        assertThat(r.echoedNonces()).containsOnlyKeys("nonce", "request_nonce")
                .containsValue(Hex.encode(Evidence.captureNonce()));
        assertThat(r.signingPublicKey()).hasSize(65).startsWith(0x04);
        assertThat(r.signingAddress()).isEqualTo("0x6525e128afcffebf7eed05d485d7be983cdae934");
        assertThat(r.intelQuote()).startsWith(4, 0, 2, 0, 0x81, 0, 0, 0);
        assertThat(r.nvidiaPayload()).startsWith("{\"arch\":\"HOPPER\"");
        assertThat(r.eventLog()).hasSize(30);
        assertThat(r.eventLog().get(0).imr()).isZero();
        assertThat(r.appCompose()).contains("\"manifest_version\": 2");
        assertThat(r.composeHash()).isEqualTo("242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b");
        assertThat(r.tcbInfo().path("mrtd").asText()).startsWith("b24d3b24");
        assertThat(r.serverVerification().path("tdx").path("valid").asBoolean()).isTrue();
    }

    @Test
    void acceptsTheAlternativeForms() {
        AttestationReport live = AttestationReport.parse(Evidence.captureJson());
        AttestationReport r = Checks.editedCapture(root -> {
            root.remove("signing_key");
            root.put("signing_public_key", root.path("signing_public_key").asText().substring(2));
            root.remove("nonce");
            root.put("intel_quote", Base64.getEncoder().encodeToString(live.intelQuote()));
            root.put("event_log", root.path("event_log").toString());
            root.put("something_new", 42);
        });
        AttestationReport prefixed = Checks.editedCapture(root -> {
            root.put("intel_quote", "0x" + root.path("intel_quote").asText());
            root.put("signing_key", "0x" + root.path("signing_key").asText());
            root.put("signing_public_key", "0x" + root.path("signing_public_key").asText());
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("event_log").get(0)).put("imr", "0");
        });
        assertThat(prefixed.intelQuote()).isEqualTo(live.intelQuote());
        assertThat(prefixed.signingPublicKey()).isEqualTo(live.signingPublicKey());
        assertThat(prefixed.eventLog()).isEqualTo(live.eventLog());
        assertThat(r.signingPublicKey()).isEqualTo(live.signingPublicKey());
        assertThat(r.nonce()).isEqualTo(live.nonce());
        assertThat(r.intelQuote()).isEqualTo(live.intelQuote());
        assertThat(r.eventLog()).isEqualTo(live.eventLog());
    }

    @Test
    void absentFieldsAreNull() {
        AttestationReport r = AttestationReport.parse("{}");
        assertThat(r.signingPublicKey()).isNull();
        assertThat(r.intelQuote()).isNull();
        assertThat(r.nvidiaPayload()).isNull();
        assertThat(r.eventLog()).isEmpty();
        assertThat(r.verified()).isNull();
    }

    @Test
    void malformedFieldsAreNamed() {
        assertField("{\"signing_key\":\"04zz\"}", "signing_key");
        assertField("{\"signing_public_key\":\"" + "ab".repeat(10) + "\"}", "signing_public_key");
        assertField("{\"intel_quote\":\"%%%not-base64%%%\"}", "intel_quote");
        assertField("{\"intel_quote\":\"%%%%\"}", "intel_quote");
        assertField("{\"verified\":\"yes\"}", "verified");
        assertField("{\"nonce\":7}", "nonce");
        assertField("{\"nvidia_payload\":[1]}", "nvidia_payload");
        assertField("{\"event_log\":[{\"imr\":9,\"digest\":\"00\"}]}", "event_log[0].imr");
        assertField("{\"event_log\":\"not json\"}", "event_log");
        assertField("{\"info\":{\"tcb_info\":5}}", "info.tcb_info");
        assertRefused("[1,2]");
        assertRefused("{\"verified\":");
        String k1 = AttestationReport.parse(Evidence.captureJson()).signingAddress();
        assertThat(k1).isNotNull();
    }

    @Test
    void twoDifferentKeysAreRecordedAsMalformed() {
        String a = "04" + "11".repeat(64);
        String b = "04" + "22".repeat(64);
        assertField("{\"signing_key\":\"" + a + "\",\"signing_public_key\":\"" + b + "\"}", "signing_key");
    }

    /** A malformed field is read as absent and recorded under its name; parsing goes on. */
    private static void assertField(String json, String field) {
        AttestationReport r = AttestationReport.parse(json);
        assertThat(r.malformedFields()).extracting(AttestationException::field).containsExactly(field);
        assertThat(r.malformed(field)).isPresent();
        assertThatThrownBy(() -> r.requireWellFormed(field))
                .isInstanceOf(AttestationException.MalformedEvidence.class)
                .hasMessageContaining("'" + field + "'");
    }

    private static void assertRefused(String json) {
        assertThatThrownBy(() -> AttestationReport.parse(json))
                .isInstanceOf(AttestationException.MalformedEvidence.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo("(document)"));
    }

    @Test
    void aMalformedFieldIsFoundFromItsContainerAndItsContents() {
        AttestationReport r = AttestationReport.parse("{\"event_log\":[{\"imr\":4,\"digest\":\"00\"}],"
                + "\"info\":{\"tcb_info\":\"\"}}");
        assertThat(r.malformed("event_log")).get().extracting(AttestationException::field)
                .isEqualTo("event_log[0].imr");
        assertThat(r.malformed("info.tcb_info.app_compose")).get().extracting(AttestationException::field)
                .isEqualTo("info.tcb_info");
        assertThat(r.malformed("info.compose_hash", "intel_quote", "event_lo")).isEmpty();
        assertThat(r.eventLog()).isEmpty();
        assertThat(r.tcbInfo().isMissingNode()).isTrue();
    }
}
