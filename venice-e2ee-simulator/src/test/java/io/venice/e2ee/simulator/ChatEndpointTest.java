package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.Envelope;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.venice.e2ee.simulator.SimHttp.CIPHER;
import static io.venice.e2ee.simulator.SimHttp.chatBody;
import static io.venice.e2ee.simulator.SimHttp.error;
import static io.venice.e2ee.simulator.SimHttp.json;
import static io.venice.e2ee.simulator.SimHttp.seal;
import static io.venice.e2ee.simulator.SimHttp.sseData;
import static io.venice.e2ee.simulator.SimHttp.teeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

class ChatEndpointTest {
    static final String E2EE = "e2ee-qwen3-5-122b-a10b";
    static final String TEE = "tee-glm-5";
    static VeniceSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().chunkSize(5).build();
        http = new SimHttp(sim.start());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Decrypted content (and reasoning) of an E2EE stream, checking framing, fresh ephemeral keys and [DONE]. */
    static final class Decrypted {
        final StringBuilder content = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final List<JsonNode> chunks = new ArrayList<>();
        boolean done;
        int encrypted;
    }

    static Decrypted decrypt(byte[] body, EcdhKeyPair session) {
        Decrypted d = new Decrypted();
        Set<String> ephemeralKeys = new HashSet<>();
        for (String data : sseData(body)) {
            if (data.equals("[DONE]")) {
                d.done = true;
                continue;
            }
            assertThat(d.done).as("nothing after [DONE]").isFalse();
            JsonNode chunk = SimHttp.parse(data);
            d.chunks.add(chunk);
            JsonNode delta = chunk.path("choices").path(0).path("delta");
            for (String field : List.of("content", "reasoning_content")) {
                String v = delta.path(field).asText("");
                if (v.isEmpty()) {
                    continue;
                }
                ephemeralKeys.add(Hex.encode(Envelope.parse(v).ephemeralPublicKey()));
                d.encrypted++;
                (field.equals("content") ? d.content : d.reasoning).append(CIPHER.openToString(session, v));
            }
        }
        assertThat(ephemeralKeys).as("a fresh ephemeral key per envelope").hasSize(d.encrypted);
        return d;
    }

    @Test
    void e2eeRoundTripDecryptsEveryRoleAndStreamsSealedChunks() throws Exception {
        JsonNode att = http.attest(E2EE, SimHttp.nonce());
        String modelKey = att.get("signing_key").asText();
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            byte[] body = chatBody(E2EE, true,
                    "system", seal(modelKey, "Be brief."),
                    "user", seal(modelKey, "first question"),
                    "assistant", seal(modelKey, "first answer"),
                    "user", seal(modelKey, "What is 2+2? Answer briefly."));
            HttpResponse<byte[]> r = http.post("/chat/completions", body, teeHeaders(session, modelKey));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as("nothing in clear on the wire")
                    .doesNotContain("Echo", "2+2", "briefly");
            Decrypted d = decrypt(r.body(), session);
            String expected = "Echo: What is 2+2? Answer briefly. (5 words)";
            assertThat(d.content.toString()).isEqualTo(expected);
            assertThat(d.done).isTrue();
            assertThat(d.encrypted).isEqualTo((expected.length() + 4) / 5);
            JsonNode first = d.chunks.get(0);
            assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(first.path("id").asText()).startsWith("chatcmpl-");
            assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            JsonNode last = d.chunks.get(d.chunks.size() - 1);
            assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(8);
            assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(2 + 2 + 2 + 5);
            for (JsonNode c : d.chunks.subList(0, d.chunks.size() - 1)) {
                assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue();
            }
        }
    }

    @Test
    void concurrentSessionsEachGetTheirOwnStream() {
        String modelKey = http.attest(E2EE, SimHttp.nonce()).get("signing_key").asText();
        int sessions = 24;
        List<EcdhKeyPair> keys = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> pending = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair();
                keys.add(session);
                byte[] body = chatBody(E2EE, true, "user", seal(modelKey, "session number " + i));
                pending.add(SimHttp.sendAsync(http.request("/chat/completions", teeHeaders(session, modelKey))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build()));
            }
            for (int i = 0; i < sessions; i++) {
                HttpResponse<byte[]> r = pending.get(i).join();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(decrypt(r.body(), keys.get(i)).content.toString()).isEqualTo("Echo: session number " + i + " (3 words)");
            }
        } finally {
            keys.forEach(EcdhKeyPair::close);
        }
    }

    @Test
    void reasoningDeltasAreSealedToo() {
        try (VeniceSimulator s = VeniceSimulator.builder().reasoning(true).chunkSize(1000).build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp h = new SimHttp(s.start());
            String modelKey = h.attest(E2EE, SimHttp.nonce()).get("signing_key").asText();
            HttpResponse<byte[]> r = h.post("/chat/completions",
                    chatBody(E2EE, true, "user", seal(modelKey, "one two three")), teeHeaders(session, modelKey));
            Decrypted d = decrypt(r.body(), session);
            assertThat(d.reasoning.toString()).isEqualTo("The last user message has 3 words.");
            assertThat(d.content.toString()).isEqualTo("Echo: one two three (3 words)");
            assertThat(d.encrypted).isEqualTo(2);
        }
    }

    @Test
    void customReplyGeneratorSeesDecryptedMessages() {
        try (VeniceSimulator s = VeniceSimulator.builder()
                .replyGenerator((model, messages) -> Reply.of(model + "|" + messages.size() + "|" + messages.get(0).content()))
                .build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp h = new SimHttp(s.start());
            String modelKey = h.attest(E2EE, SimHttp.nonce()).get("signing_key").asText();
            HttpResponse<byte[]> r = h.post("/chat/completions",
                    chatBody(E2EE, true, "user", seal(modelKey, "héllo ✓")), teeHeaders(session, modelKey));
            assertThat(decrypt(r.body(), session).content.toString()).isEqualTo(E2EE + "|1|héllo ✓");
        }
    }

    @Test
    void chunkDelayPausesBetweenEvents() {
        long delayMillis = 20;
        try (VeniceSimulator s = VeniceSimulator.builder().chunkSize(3).chunkDelay(java.time.Duration.ofMillis(delayMillis)).build()) {
            SimHttp h = new SimHttp(s.start());
            long start = System.nanoTime();
            byte[] body = h.post("/chat/completions", chatBody(TEE, true, "user", "a few words here")).body();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            int events = sseData(body).size();
            assertThat(events).isEqualTo(1 + ("Echo: a few words here (4 words)".length() + 2) / 3 + 2);
            // timers never fire early, so the pauses give a lower bound; no upper bound is asserted
            assertThat(elapsedMillis).isGreaterThanOrEqualTo((events - 1) * delayMillis);
        }
    }

    @Test
    void plainTeeModelStreamsClearText() {
        HttpResponse<byte[]> r = http.post("/chat/completions", chatBody(TEE, true, "user", "hello there world"));
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder content = new StringBuilder();
        List<String> events = sseData(r.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        for (String data : events.subList(0, events.size() - 1)) {
            content.append(SimHttp.parse(data).at("/choices/0/delta/content").asText(""));
        }
        assertThat(content.toString()).isEqualTo("Echo: hello there world (3 words)");
    }

    @Test
    void plainTeeModelAnswersNonStreaming() {
        HttpResponse<byte[]> r = http.post("/chat/completions", chatBody(TEE, false, "user", "a b"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = json(r);
        assertThat(o.path("object").asText()).isEqualTo("chat.completion");
        assertThat(o.at("/choices/0/message/content").asText()).isEqualTo("Echo: a b (2 words)");
        assertThat(o.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(o.at("/usage/total_tokens").asInt()).isEqualTo(2 + 5);
    }

    @Test
    void e2eeModelWithoutHeadersOrWithEnableE2eeFalseAnswersInClear() {
        HttpResponse<byte[]> r = http.post("/chat/completions", chatBody(E2EE, false, "user", "plain words"));
        assertThat(json(r).at("/choices/0/message/content").asText()).isEqualTo("Echo: plain words (2 words)");
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            String body = "{\"model\":\"" + E2EE + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"venice_parameters\":{\"enable_e2ee\":false}}";
            HttpResponse<byte[]> r2 = http.post("/chat/completions", body.getBytes(StandardCharsets.UTF_8),
                    teeHeaders(session, sim.modelPublicKey(E2EE)));
            assertThat(r2.statusCode()).isEqualTo(200);
            assertThat(json(r2).at("/choices/0/message/content").asText()).isEqualTo("Echo: x (1 word)");
        }
    }

    @Test
    void documentedE2eeErrors() {
        String modelKey = sim.modelPublicKey(E2EE);
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            String[] good = teeHeaders(session, modelKey);
            byte[] sealed = chatBody(E2EE, true, "user", seal(modelKey, "hi"));

            String[] badClient = good.clone();
            badClient[1] = "03" + badClient[1].substring(2);
            assertError(http.post("/chat/completions", sealed, badClient), 400, "Invalid public key");
            badClient[1] = good[1].substring(0, 128);
            assertError(http.post("/chat/completions", sealed, badClient), 400, "Invalid public key");
            badClient[1] = "04" + "00".repeat(64);
            assertError(http.post("/chat/completions", sealed, badClient), 400, "Invalid public key");

            assertError(http.post("/chat/completions", chatBody(E2EE, true, "user", "plain text"), good),
                    400, "Encrypted field is not valid hex");
            assertError(http.post("/chat/completions", chatBody(E2EE, true, "system", seal(modelKey, "s"), "user", "abcd"), good),
                    400, "Encrypted field is not valid hex");
            assertError(http.post("/chat/completions", chatBody(E2EE, false, "user", seal(modelKey, "hi")), good),
                    400, "E2EE requires streaming");
            String otherKey = sim.modelPublicKey("e2ee-glm-5");
            assertError(http.post("/chat/completions", chatBody(E2EE, true, "user", seal(otherKey, "hi")), good),
                    400, "Failed to decrypt field");
            String tampered = seal(modelKey, "hi");
            tampered = tampered.substring(0, tampered.length() - 2) + (tampered.endsWith("00") ? "01" : "00");
            assertError(http.post("/chat/completions", chatBody(E2EE, true, "user", tampered), good),
                    400, "Failed to decrypt field");

            String[] wrongModelKey = teeHeaders(session, otherKey);
            HttpResponse<byte[]> r = http.post("/chat/completions", sealed, wrongModelKey);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(error(r)).startsWith("No provider found for model " + E2EE + " with public key");

            String[] missing = {good[0], good[1], good[2], good[3]};
            assertThat(http.post("/chat/completions", sealed, missing).statusCode()).isEqualTo(400);
            String[] badAlgo = good.clone();
            badAlgo[5] = "ed25519";
            assertThat(error(http.post("/chat/completions", sealed, badAlgo))).contains("must be ecdsa");

            assertError(http.post("/chat/completions", chatBody(TEE, true, "user", "x"), good),
                    400, "Model " + TEE + " does not support E2EE");
        }
    }

    @Test
    void requestErrors() {
        assertError(http.post("/chat/completions", "not json".getBytes(StandardCharsets.UTF_8)), 400, "Invalid JSON body");
        assertError(http.post("/chat/completions", "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8)), 400, "model is required");
        assertError(http.post("/chat/completions", chatBody("no-such-model", true, "user", "x")),
                404, "Specified model not found: no-such-model");
        assertError(http.post("/chat/completions", ("{\"model\":\"" + TEE + "\",\"messages\":[]}").getBytes(StandardCharsets.UTF_8)),
                400, "messages must be a non-empty array");
    }

    static void assertError(HttpResponse<byte[]> r, int status, String message) {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(error(r)).isEqualTo(message);
    }
}
