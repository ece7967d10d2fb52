package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import static io.venice.e2ee.simulator.ChatEndpointTest.assertError;
import static io.venice.e2ee.simulator.SimHttp.CIPHER;
import static io.venice.e2ee.simulator.SimHttp.chatBody;
import static io.venice.e2ee.simulator.SimHttp.json;
import static io.venice.e2ee.simulator.SimHttp.seal;
import static io.venice.e2ee.simulator.SimHttp.teeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

class ApiTest {
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

    @Test
    void baseUrlIncludesApiV1OnLoopback() {
        assertThat(sim.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + sim.port() + "/api/v1");
        assertThat(sim.start()).isEqualTo(sim.baseUrl());
    }

    @Test
    void modelsAdvertiseCapabilities() {
        HttpResponse<byte[]> r = http.get("/models");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, JsonNode> caps = new HashMap<>();
        for (JsonNode m : json(r).get("data")) {
            caps.put(m.get("id").asText(), m.at("/model_spec/capabilities"));
        }
        assertThat(caps.keySet()).containsExactlyInAnyOrderElementsOf(VeniceSimulator.DEFAULT_MODELS);
        assertThat(caps.get("e2ee-qwen3-5-122b-a10b").get("supportsE2EE").asBoolean()).isTrue();
        assertThat(caps.get("e2ee-qwen3-5-122b-a10b").get("supportsTeeAttestation").asBoolean()).isTrue();
        assertThat(caps.get("tee-glm-5").get("supportsE2EE").asBoolean()).isFalse();
        assertThat(caps.get("tee-glm-5").get("supportsTeeAttestation").asBoolean()).isTrue();
        assertThat(caps.get("venice-uncensored").get("supportsTeeAttestation").asBoolean()).isFalse();
    }

    @Test
    void bearerAuthIsRequired() {
        SimHttp anonymous = new SimHttp(sim.baseUrl(), null);
        assertError(anonymous.get("/models"), 401, "Authentication failed");
        assertError(anonymous.get("/models", "Authorization", "Bearer "), 401, "Authentication failed");
        assertError(anonymous.get("/models", "Authorization", "Basic abc"), 401, "Authentication failed");
        assertThat(new SimHttp(sim.baseUrl(), "anything-non-empty").get("/models").statusCode()).isEqualTo(200);
    }

    @Test
    void aConfiguredKeyIsTheOnlyOneAccepted() {
        try (VeniceSimulator s = VeniceSimulator.builder().apiKey("sekret").build()) {
            s.start();
            assertError(new SimHttp(s.baseUrl(), "other").get("/models"), 401, "Authentication failed");
            assertThat(new SimHttp(s.baseUrl(), "sekret").get("/models").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestWithoutAKeyIsServedOnlyWhenAllowedAndNoKeyIsConfigured() {
        try (VeniceSimulator open = VeniceSimulator.builder().allowMissingApiKey(true).build();
             VeniceSimulator keyed = VeniceSimulator.builder().allowMissingApiKey(true).apiKey("sekret").build()) {
            open.start();
            keyed.start();
            assertThat(new SimHttp(open.baseUrl(), null).get("/models").statusCode()).isEqualTo(200);
            assertThat(new SimHttp(open.baseUrl(), "any").get("/models").statusCode()).isEqualTo(200);
            assertError(new SimHttp(keyed.baseUrl(), null).get("/models"), 401, "Authentication failed");
            assertError(new SimHttp(keyed.baseUrl(), "other").get("/models"), 401, "Authentication failed");
        }
    }

    @Test
    void runsOnAGivenVertxAndLeavesItOpen() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            try (VeniceSimulator s = VeniceSimulator.builder().vertx(vertx).build()) {
                assertThat(new SimHttp(s.start()).get("/models").statusCode()).isEqualTo(200);
            }
            assertThat(vertx.executeBlocking(() -> "still open").toCompletionStage().toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("still open");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void unknownRoutesAnswerJson404() {
        HttpResponse<byte[]> r = http.get("/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(SimHttp.error(r)).startsWith("Not found");
    }

    @Test
    void signatureCoversTheExactRequestAndStreamedBytes() throws Exception {
        String model = "e2ee-glm-5";
        JsonNode att = http.attest(model, SimHttp.nonce());
        String modelKey = att.get("signing_key").asText();
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            byte[] body = chatBody(model, true, "user", seal(modelKey, "sign this please"));
            HttpResponse<byte[]> r = http.post("/chat/completions", body, teeHeaders(session, modelKey));
            String id = SimHttp.parse(SimHttp.sseData(r.body()).get(0)).get("id").asText();
            JsonNode sig = json(http.get("/tee/signature?model=" + model + "&request_id=" + id));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String expected = Hex.encode(sha.digest(body)) + ":" + Hex.encode(sha.digest(r.body()));
            assertThat(sig.get("text").asText()).isEqualTo(expected);
            assertThat(sig.get("signing_algo").asText()).isEqualTo("ecdsa");
            assertThat(sig.get("signing_address").asText()).isEqualToIgnoringCase(att.get("signing_address").asText());
            assertThat(sig.get("signature").asText()).startsWith("0x").hasSize(132);
            assertThat(PersonalSignRecovery.recover(sig.get("text").asText(), sig.get("signature").asText())
                    .matches(att.get("signing_address").asText())).isTrue();
        }
    }

    @Test
    void nonStreamingSignatureCoversTheJsonBody() throws Exception {
        byte[] body = chatBody("tee-glm-5", false, "user", "x y");
        HttpResponse<byte[]> r = http.post("/chat/completions", body);
        String id = json(r).get("id").asText();
        JsonNode sig = json(http.get("/tee/signature?model=tee-glm-5&request_id=" + id));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(sig.get("text").asText()).isEqualTo(Hex.encode(sha.digest(body)) + ":" + Hex.encode(sha.digest(r.body())));
        assertThat(PersonalSignRecovery.recover(sig.get("text").asText(), sig.get("signature").asText()).toLowerCase())
                .isEqualTo(sig.get("signing_address").asText());
    }

    @Test
    void signatureErrors() {
        assertError(http.get("/tee/signature?model=tee-glm-5&request_id=chatcmpl-unknown"), 404,
                "Signature not found for request_id chatcmpl-unknown");
        assertError(http.get("/tee/signature?model=tee-glm-5"), 400, "request_id is required");
        assertError(http.get("/tee/signature?model=nope&request_id=x"), 404, "Specified model not found: nope");
        String id = json(http.post("/chat/completions", chatBody("tee-glm-5", false, "user", "x"))).get("id").asText();
        assertThat(http.get("/tee/signature?model=e2ee-glm-5&request_id=" + id).statusCode()).isEqualTo(404);
    }
}
