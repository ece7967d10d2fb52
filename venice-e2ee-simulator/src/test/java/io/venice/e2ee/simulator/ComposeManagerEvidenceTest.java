package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NEAR-style attestation carries {@code compose_manager_attestation} as NEAR serves it, checked independently: its
 * quote is signed like the model quote and comes from the same TD, its REPORTDATA is {@code actions_hash ‖ nonce}, the
 * hash covers the actions as compact JSON with sorted keys, and its event log replays to the TD's RTMRs; each
 * compose fault breaks exactly what it names.
 */
class ComposeManagerEvidenceTest {
    static final String MODEL = "e2ee-glm-5";
    static VeniceSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().build();
        http = new SimHttp(sim.start());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode compose(byte[] nonce, String... faults) {
        String[] headers = faults.length == 0 ? new String[0] : new String[] {Fault.HEADER, String.join(",", faults)};
        JsonNode a = http.attest(MODEL, nonce, headers);
        assertThat(a.path("tee_provider").asText()).isEqualTo("near-ai");
        return a;
    }

    @Test
    void theComposeManagerQuoteBindsTheActionsAndOurNonceFromTheSameTd() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = compose(nonce);
        JsonNode c = a.get("compose_manager_attestation");
        assertThat(c.path("nonce").asText()).isEqualTo(Hex.encode(nonce));
        assertThat(c.path("nonce_source").asText()).isEqualTo("client");
        assertThat(c.path("actions")).isNotEmpty().allSatisfy(action -> {
            assertThat(action.path("action").asText()).isIn("compose_up", "compose_down");
            assertThat(action.path("timestamp").asText()).isNotEmpty();
        });
        String actionsHash = AciGatewayTest.sha256Hex(AciGatewayTest.canonical(c.get("actions")));
        assertThat(c.path("actions_hash").asText()).isEqualTo(actionsHash);
        assertThat(c.path("report_data").asText()).isEqualTo(actionsHash + Hex.encode(nonce));

        EvidenceChecks.Quote compose = EvidenceChecks.parseQuote(Hex.decode(c.path("quote").asText()));
        EvidenceChecks.Quote model = EvidenceChecks.parseQuote(Hex.decode(a.path("intel_quote").asText()));
        assertThat(Hex.encode(compose.reportData())).isEqualTo(c.path("report_data").asText());
        assertThat(EvidenceChecks.signaturesValid(compose)).isTrue();
        assertThat(compose.mrtd()).isEqualTo(model.mrtd());
        assertThat(compose.mrconfigid()).isEqualTo(model.mrconfigid());
        assertThat(compose.rtmr()).isDeepEqualTo(model.rtmr());
        // event log and VM configuration are JSON strings; the log replays to the TD's RTMRs
        JsonNode log = SimHttp.parse(c.path("event_log").asText());
        assertThat(EvidenceChecks.replay(log)).isDeepEqualTo(compose.rtmr());
        assertThat(SimHttp.parse(c.path("vm_config").asText()).path("num_gpus").asInt()).isPositive();
    }

    @Test
    void composeWrongNonceBindsAnotherNonceWhileEchoingOurs() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode c = compose(nonce, "compose-wrong-nonce").get("compose_manager_attestation");
        assertThat(c.path("nonce").asText()).isEqualTo(Hex.encode(nonce));
        byte[] rd = EvidenceChecks.parseQuote(Hex.decode(c.path("quote").asText())).reportData();
        assertThat(Arrays.copyOfRange(rd, 32, 64)).isNotEqualTo(nonce);
        assertThat(Hex.encode(Arrays.copyOf(rd, 32))).isEqualTo(c.path("actions_hash").asText());
    }

    @Test
    void composeOtherTdIsAValidQuoteOfAnotherTd() throws Exception {
        JsonNode a = compose(SimHttp.nonce(), "compose-other-td");
        EvidenceChecks.Quote compose = EvidenceChecks.parseQuote(Hex.decode(
                a.at("/compose_manager_attestation/quote").asText()));
        EvidenceChecks.Quote model = EvidenceChecks.parseQuote(Hex.decode(a.path("intel_quote").asText()));
        assertThat(EvidenceChecks.signaturesValid(compose)).isTrue();
        assertThat(compose.mrtd()).isEqualTo(model.mrtd());
        assertThat(compose.rtmr()[3]).isNotEqualTo(model.rtmr()[3]);
    }

    @Test
    void composeActionsTamperedNoLongerHashToActionsHash() throws Exception {
        JsonNode c = compose(SimHttp.nonce(), "compose-actions-tampered").get("compose_manager_attestation");
        assertThat(AciGatewayTest.sha256Hex(AciGatewayTest.canonical(c.get("actions"))))
                .isNotEqualTo(c.path("actions_hash").asText());
        assertThat(Hex.encode(Arrays.copyOf(EvidenceChecks.parseQuote(Hex.decode(c.path("quote").asText()))
                .reportData(), 32))).isEqualTo(c.path("actions_hash").asText());
    }
}
