package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.simulator.VeniceSimulator;
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
import static io.venice.e2ee.proxy.ProxyHarness.streamedText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chats through the proxy in front of the simulator, over loopback: streamed answers re-emitted as OpenAI chunks
 * with the upstream's id, usage and finish reason, the same text aggregated for a non-streamed request, reasoning,
 * the verification headers, and a rotated model key handled by the session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyChatTest {
    private static final String MODEL = "e2ee-glm-5";
    private static final String PROMPT = "Count the words of this sentence, please";
    private static final String ANSWER = "Echo: " + PROMPT + " (7 words)";
    private ProxyHarness h;

    @BeforeAll
    void start() {
        h = new ProxyHarness(ProxyHarness.simulator().chunkSize(3).reasoning(true).build());
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @BeforeEach
    void noFaults() {
        h.sim.faults().clear();
    }

    @Test
    void aStreamedAnswerIsReEmittedAsOpenAiChunksWithTheUpstreamIdUsageAndFinishReason() {
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, PROMPT, true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/event-stream"));
        List<String> events = events(r.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(ProxyHarness::json).toList();
        String id = chunks.get(0).path("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("id").asText()).isEqualTo(id);
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asText()).isEqualTo(MODEL);
        });
        assertThat(chunks.get(0).path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(streamedText(r.body())).isEqualTo(ANSWER);
        StringBuilder reasoning = new StringBuilder();
        chunks.forEach(c -> reasoning.append(c.path("choices").path(0).path("delta").path("reasoning_content")
                .asText("")));
        assertThat(reasoning.toString()).isNotBlank();
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.path("usage").path("total_tokens").asInt()).isPositive();
        // the id is the upstream's: the simulator signed the completion under it
        assertThat(h.sim.streams().snapshot().completed()).isPositive();
        assertThat(VeniceSimulatorSignatures.exists(h.sim, MODEL, id)).isTrue();
    }

    @Test
    void aNonStreamedRequestGetsTheSameTextAsOneCompletion() {
        HttpResponse<String> streamed = h.post("/chat/completions", chat(MODEL, PROMPT, true));
        HttpResponse<String> whole = h.post("/chat/completions", chat(MODEL, PROMPT, null));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        JsonNode c = json(whole.body());
        assertThat(c.path("object").asText()).isEqualTo("chat.completion");
        assertThat(c.path("id").asText()).startsWith("chatcmpl-");
        JsonNode message = c.path("choices").path(0).path("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content").asText()).isEqualTo(ANSWER).isEqualTo(streamedText(streamed.body()));
        assertThat(message.path("reasoning_content").asText()).isNotBlank();
        assertThat(c.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(c.path("usage").path("prompt_tokens").asInt()).isPositive();
    }

    @Test
    void theResponseSaysWhatWasVerified() {
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, PROMPT, false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue(Responses.MODE)).hasValue("verified");
        assertThat(r.headers().firstValue(Responses.POLICY)).hasValue("dcap");
        assertThat(r.headers().firstValue(Responses.CHECKS)).hasValueSatisfying(v -> assertThat(v)
                .startsWith("passed; ").contains(" 0 failed").matches(".*; (\\d+) of \\1 required passed"));
        String address = r.headers().firstValue(Responses.SIGNING_ADDRESS).orElseThrow();
        assertThat(address).matches("0x[0-9a-f]{40}");
        JsonNode att = json(h.get("/e2ee/attestation?model=" + MODEL).body());
        assertThat(att.path("signing_address").asText()).isEqualTo(address);
        assertThat(att.path("mode").asText()).isEqualTo("verified");
        assertThat(att.path("report").path("passed").asBoolean()).isTrue();
        assertThat(att.path("report").path("level").asText()).isEqualTo("dcap");
        assertThat(att.path("report").path("checks").size()).isGreaterThan(10);
    }

    @Test
    void aRotatedModelKeyIsReAttestedAndTheAnswerStillArrives() {
        assertThat(h.post("/chat/completions", chat(MODEL, PROMPT, false)).statusCode()).isEqualTo(200);
        String before = json(h.get("/e2ee/attestation?model=" + MODEL).body()).path("signing_address").asText();
        h.sim.rotateKey(MODEL);
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, PROMPT, false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("choices").path(0).path("message").path("content").asText()).isEqualTo(ANSWER);
        String after = r.headers().firstValue(Responses.SIGNING_ADDRESS).orElseThrow();
        assertThat(after).as("the new enclave key was attested").isNotEqualTo(before);
    }

    @Test
    void textPartsAreSentAsOneEncryptedString() {
        ObjectNode body = chat(MODEL, "unused", true);
        ObjectNode m = (ObjectNode) body.path("messages").get(0);
        m.putArray("content").add(part("Count the words")).add(part("of these two parts"));
        HttpResponse<String> r = h.post("/chat/completions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(streamedText(r.body())).isEqualTo("Echo: Count the words\nof these two parts (7 words)");
    }

    private static ObjectNode part(String text) {
        return ProxyHarness.JSON.createObjectNode().put("type", "text").put("text", text);
    }

    @Test
    void modelsAreListedWithTheirE2eeCapability() {
        HttpResponse<String> r = h.get("/models");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json(r.body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data")).extracting(n -> n.path("id").asText())
                .containsExactlyElementsOf(VeniceSimulator.DEFAULT_MODELS);
        for (JsonNode m : list.path("data")) {
            assertThat(m.path("object").asText()).isEqualTo("model");
            assertThat(m.path("e2ee").asBoolean()).isEqualTo(m.path("id").asText().startsWith("e2ee-"));
        }
    }

    @Test
    void healthAndMetricsAnswer() {
        h.post("/chat/completions", chat(MODEL, PROMPT, true));
        HttpResponse<String> health = h.getRoot("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).path("status").asText()).isEqualTo("ok");
        HttpResponse<String> metrics = h.getRoot("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/plain"));
        assertThat(metrics.body()).contains("venice_proxy_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}",
                "venice_proxy_streams_open", "venice_proxy_chunks_decrypted_total",
                "venice_proxy_attestation_cache_hits_total", "venice_proxy_upstream_latency_seconds_count");
        assertThat(h.metric("venice_proxy_chunks_decrypted_total")).isPositive();
        assertThat(h.metric("venice_proxy_streams_open")).isZero();
    }
}
