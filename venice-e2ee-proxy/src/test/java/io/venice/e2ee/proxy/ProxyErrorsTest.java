package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;

import static io.venice.e2ee.proxy.ProxyHarness.chat;
import static io.venice.e2ee.proxy.ProxyHarness.events;
import static io.venice.e2ee.proxy.ProxyHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures as OpenAI-style errors: an attestation that does not verify is a 502 naming the failing check, with
 * nothing sent to the model; Venice's errors keep their status and message; a broken answer is a 502 before the
 * stream starts, or an error event after it; a missing or malformed API key is a 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyErrorsTest {
    private static final String MODEL = "e2ee-glm-5";
    private ProxyHarness h;

    @BeforeAll
    void start() {
        h = new ProxyHarness(ProxyHarness.simulator().build());
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @BeforeEach
    void noFaults() {
        h.sim.faults().clear();
    }

    private static JsonNode error(HttpResponse<String> r) {
        return json(r.body()).path("error");
    }

    @Test
    void anAttestationThatFailsAVerificationCheckIsA502NamingItAndNothingIsSent() {
        try (ProxyHarness fresh = new ProxyHarness(ProxyHarness.simulator().faults(Fault.DEBUG_QUOTE).build())) {
            for (Boolean stream : new Boolean[] {true, false}) {
                HttpResponse<String> r = fresh.post("/chat/completions", chat(MODEL, "secret prompt", stream));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
                JsonNode e = error(r);
                assertThat(e.path("type").asText()).isEqualTo(ErrorMapping.VERIFICATION_ERROR);
                assertThat(e.path("code").asText()).isEqualTo("tdx.debug");
                assertThat(e.path("message").asText()).contains("tdx.debug", "nothing was sent");
                assertThat(r.headers().firstValue(Responses.MODE)).isEmpty();
            }
            assertThat(fresh.sim.streams().snapshot().opened()).as("no chat reached the model").isZero();
            assertThat(fresh.metric("venice_proxy_verification_failures_total{check=\"tdx.debug\"}")).isEqualTo(2);
            HttpResponse<String> att = fresh.get("/e2ee/attestation?model=" + MODEL);
            assertThat(att.statusCode()).isEqualTo(502);
            assertThat(error(att).path("code").asText()).isEqualTo("tdx.debug");
        }
    }

    @Test
    void collateralOutOfReachAtLevelFullIsA502NamingItNotAnInternalError() {
        io.venice.e2ee.simulator.VeniceSimulator sim = ProxyHarness.simulator().faults(Fault.PCS_UNAVAILABLE).build();
        try (ProxyHarness fresh = new ProxyHarness(sim, b -> b.client(key -> atLevelFull(sim)))) {
            HttpResponse<String> r = fresh.post("/chat/completions", chat(MODEL, "secret prompt", true));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            JsonNode e = error(r);
            assertThat(e.path("type").asText()).isEqualTo(ErrorMapping.VERIFICATION_ERROR);
            assertThat(e.path("code").asText()).isEqualTo("collateral_unavailable");
            assertThat(e.path("message").asText()).contains("policy full needs it").doesNotContain("unexpectedly");
            assertThat(fresh.sim.streams().snapshot().opened()).as("no chat reached the model").isZero();
        }
    }

    @Test
    void anUpstreamAnswerPastTheClientsBodyLimitIsA502NamingTheLimit() {
        io.venice.e2ee.simulator.VeniceSimulator sim = ProxyHarness.simulator().build();
        try (ProxyHarness fresh = new ProxyHarness(sim, b -> b.client(key -> atLevelFull(sim)
                .maxJsonBodyBytes(16_384)))) {
            HttpResponse<String> r = fresh.post("/chat/completions", chat(MODEL, "secret prompt", true));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            JsonNode e = error(r);
            assertThat(e.path("code").asText()).isEqualTo("upstream_body_too_large");
            assertThat(e.path("message").asText()).contains("the limit of 16384 bytes", "maxJsonBodyBytes");
            assertThat(fresh.sim.streams().snapshot().opened()).as("no chat reached the model").isZero();
        }
    }

    /** A client at level full, trusting the simulator's roots, its collateral and NRAS from the simulator. */
    private static io.venice.e2ee.client.VeniceClient.Builder atLevelFull(io.venice.e2ee.simulator.VeniceSimulator sim) {
        io.venice.e2ee.attestation.VerificationPolicy.Builder p = io.venice.e2ee.attestation.VerificationPolicy
                .builder().level(io.venice.e2ee.attestation.VerificationPolicy.Level.FULL);
        sim.trustAnchors().forEach(p::extraTrustAnchor);
        return io.venice.e2ee.client.VeniceClient.builder().policy(p.build()).pccs(sim.pcsBaseUrl())
                .nrasUrl(sim.nrasBaseUrl());
    }

    @Test
    void untrustedEvidenceIsRefusedByItsChainCheck() {
        try (ProxyHarness untrusting = new ProxyHarness(ProxyHarness.simulator().build(),
                b -> b.client(key -> io.venice.e2ee.client.VeniceClient.builder()))) {
            HttpResponse<String> r = untrusting.post("/chat/completions", chat(MODEL, "hello", true));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(error(r).path("code").asText()).isEqualTo("tdx.pck.chain");
        }
    }

    @Test
    void venicesErrorsKeepTheirStatusAndMessage() {
        h.post("/chat/completions", chat(MODEL, "open the session first", false));
        h.sim.faults().enable(Fault.SERVER_ERROR);
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, "hello", true));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(error(r).path("type").asText()).isEqualTo("api_error");
        assertThat(error(r).path("message").asText()).contains("Internal server error");
        h.sim.faults().clear().enable(Fault.RATE_LIMIT);
        HttpResponse<String> limited = h.post("/chat/completions", chat(MODEL, "hello", false));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(error(limited).path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error(limited).path("message").asText()).contains("Rate limit exceeded");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        h.sim.faults().clear();
        HttpResponse<String> unknown = h.post("/chat/completions", chat("e2ee-no-such-model", "hello", true));
        assertThat(unknown.statusCode()).isEqualTo(404);
        // a model the upstream's list does not name is refused before anything is sent to it
        assertThat(error(unknown).path("code").asText()).isEqualTo("model_not_found");
        assertThat(error(unknown).path("message").asText()).contains("e2ee-no-such-model", "nothing was sent");
    }

    @Test
    void aPlaintextAnswerIsADowngradeNeverRelayed() {
        h.post("/chat/completions", chat(MODEL, "open the session first", false));
        h.sim.faults().enable(Fault.PLAINTEXT_DOWNGRADE);
        for (Boolean stream : new Boolean[] {true, false}) {
            HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, "hello there", stream));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            assertThat(error(r).path("code").asText()).isEqualTo("downgrade");
            assertThat(r.body()).doesNotContain("Echo: hello there");
        }
    }

    @Test
    void aChunkThatDoesNotDecryptMidStreamEndsTheStreamWithAnErrorEvent() {
        h.post("/chat/completions", chat(MODEL, "open the session first", false));
        h.sim.faults().enable(Fault.CORRUPT_CHUNK);
        String prompt = "a long enough prompt to stream many chunks of answer back through the proxy";
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, prompt, true));
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ev = events(r.body());
        JsonNode last = json(ev.get(ev.size() - 1));
        assertThat(last.path("error").path("code").asText()).isEqualTo("decrypt_failed");
        assertThat(ev).doesNotContain("[DONE]");
        HttpResponse<String> whole = h.post("/chat/completions", chat(MODEL, prompt, false));
        assertThat(whole.statusCode()).isEqualTo(502);
        assertThat(error(whole).path("code").asText()).isEqualTo("decrypt_failed");
    }

    @Test
    void aTruncatedStreamIsReportedNotPassedOffAsComplete() {
        h.post("/chat/completions", chat(MODEL, "open the session first", false));
        h.sim.faults().enable(Fault.TRUNCATE_STREAM);
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, "one two three four five six", true));
        List<String> ev = events(r.body());
        assertThat(json(ev.get(ev.size() - 1)).path("error").path("code").asText()).isEqualTo("truncated");
        assertThat(ev).doesNotContain("[DONE]");
    }

    @Test
    void theApiKeyComesFromTheCallerOrTheProxy() {
        HttpResponse<String> bad = h.post("/chat/completions", chat(MODEL, "hello", true), "Authorization", "Basic x");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(error(bad).path("type").asText()).isEqualTo("authentication_error");
        try (ProxyHarness keyless = new ProxyHarness(ProxyHarness.simulator().apiKey("the-right-key").build(),
                b -> b.apiKey(null))) {
            HttpResponse<String> none = keyless.post("/chat/completions", chat(MODEL, "hello", true));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(error(none).path("code").asText()).isEqualTo("missing_api_key");
            HttpResponse<String> wrong = keyless.post("/chat/completions", chat(MODEL, "hello", true),
                    "Authorization", "Bearer a-wrong-key");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(error(wrong).path("message").asText()).contains("Authentication failed")
                    .doesNotContain("a-wrong-key");
            HttpResponse<String> right = keyless.post("/chat/completions", chat(MODEL, "hello", false),
                    "Authorization", "Bearer the-right-key");
            assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        }
    }
}
