package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.Envelope;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.venice.e2ee.simulator.SimHttp.CIPHER;
import static io.venice.e2ee.simulator.SimHttp.json;
import static io.venice.e2ee.simulator.SimHttp.seal;
import static io.venice.e2ee.simulator.SimHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;

/** The chat side of Venice as it is today: capabilities, {@code enable_e2ee}, reasoning fields and their faults. */
class TodaysVeniceChatTest {
    static final String MODEL = "e2ee-glm-5";

    /** A chat body with one user message and {@code venice_parameters.enable_e2ee} (null: absent). */
    static byte[] body(String model, String content, Boolean enableE2ee) {
        String vp = enableE2ee == null ? "" : ",\"venice_parameters\":{\"enable_e2ee\":" + enableE2ee + "}";
        return ("{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + SimHttp.JSON.valueToTree(content) + "}]" + vp + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The data of each chunk of an SSE body, [DONE] left out. */
    static List<JsonNode> chunks(byte[] sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String d : sseData(sse)) {
            if (!d.equals("[DONE]")) {
                out.add(SimHttp.parse(d));
            }
        }
        return out;
    }

    @Test
    void theModelListStatesEachModelsCapabilitiesWhateverItsName() {
        try (VeniceSimulator sim = VeniceSimulator.builder().models(ModelSpec.e2ee("e2ee-glm-5"),
                ModelSpec.e2ee("e2ee-glm-5-2-p"), ModelSpec.teeOnly("tee-glm-5"), ModelSpec.plain("E2EE-glm-5"))
                .build()) {
            SimHttp http = new SimHttp(sim.start());
            JsonNode data = json(http.get("/models")).get("data");
            assertThat(data).hasSize(4);
            String[][] expected = {{"e2ee-glm-5", "true", "true"}, {"e2ee-glm-5-2-p", "true", "true"},
                {"tee-glm-5", "false", "true"}, {"E2EE-glm-5", "false", "false"}};
            for (int i = 0; i < expected.length; i++) {
                JsonNode m = data.get(i);
                assertThat(m.path("id").asText()).isEqualTo(expected[i][0]);
                assertThat(m.at("/model_spec/capabilities/supportsE2EE").asText()).isEqualTo(expected[i][1]);
                assertThat(m.at("/model_spec/capabilities/supportsTeeAttestation").asText()).isEqualTo(expected[i][2]);
            }
            assertThat(http.get("/tee/attestation?model=E2EE-glm-5&nonce=" + "ab".repeat(32)).statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void enableE2eeTrueWithTheHeadersIsEndToEndAndFalseIsTeeOnlyEvenWithTheHeaders() {
        try (VeniceSimulator sim = VeniceSimulator.builder().build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            String key = sim.modelPublicKey(MODEL);
            for (Boolean flag : new Boolean[] {Boolean.TRUE, null}) {
                HttpResponse<byte[]> r = http.post("/chat/completions", body(MODEL, seal(key, "seal me"), flag),
                        teeHeaders(session, key));
                assertThat(r.statusCode()).isEqualTo(200);
                ChatEndpointTest.Decrypted d = ChatEndpointTest.decrypt(r.body(), session);
                assertThat(d.content.toString()).isEqualTo("Echo: seal me (2 words)");
                assertThat(d.chunks.get(0).at("/choices/0/delta").has("content"))
                        .as("the enclave drops an empty content instead of encrypting it").isFalse();
                assertThat(d.chunks.get(d.chunks.size() - 1).at("/venice_parameters/enable_e2ee").asBoolean())
                        .isTrue();
            }
            HttpResponse<byte[]> tee = http.post("/chat/completions", body(MODEL, "in the clear", false),
                    teeHeaders(session, key));
            assertThat(tee.statusCode()).isEqualTo(200);
            StringBuilder text = new StringBuilder();
            List<JsonNode> chunks = chunks(tee.body());
            chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
            assertThat(text.toString()).isEqualTo("Echo: in the clear (3 words)");
            assertThat(chunks.get(chunks.size() - 1).at("/venice_parameters/enable_e2ee").asBoolean(true)).isFalse();
        }
    }

    @Test
    void everyRequestIsRecordedAsItArrivedEvenWhenRefused() {
        try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
            SimHttp http = new SimHttp(sim.start());
            byte[] b = body("tee-glm-5", "recorded words", null);
            http.post("/chat/completions", b);
            new SimHttp(sim.baseUrl(), null).post("/chat/completions", b);
            List<ReceivedRequest> got = sim.received();
            assertThat(got).hasSize(2);
            assertThat(got.get(0).method()).isEqualTo("POST");
            assertThat(got.get(0).path()).isEqualTo("/api/v1/chat/completions");
            assertThat(got.get(0).bodyText()).contains("recorded words");
            assertThat(got.get(0).header("authorization")).startsWith("Bearer ");
            assertThat(got.get(1).header("Authorization")).isNull();
            assertThat(got.get(1).bodyText()).as("refused, but it arrived").contains("recorded words");
            sim.clearReceived();
            assertThat(sim.received()).isEmpty();
        }
    }

    @Test
    void reasoningIsSealedInTheReasoningFieldAndThePlaintextReasoningFaultLeavesItInTheClear() {
        try (VeniceSimulator sim = VeniceSimulator.builder().reasoning(true).reasoningField("reasoning").chunkSize(7)
                .build(); EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            String key = sim.modelPublicKey(MODEL);
            HttpResponse<byte[]> r = http.post("/chat/completions", body(MODEL, seal(key, "a b c"), true),
                    teeHeaders(session, key));
            StringBuilder reasoning = new StringBuilder();
            for (JsonNode c : chunks(r.body())) {
                JsonNode delta = c.at("/choices/0/delta");
                assertThat(delta.has("reasoning_content")).isFalse();
                if (delta.has("reasoning")) {
                    reasoning.append(CIPHER.openToString(session, delta.get("reasoning").asText()));
                }
            }
            assertThat(reasoning.toString()).isEqualTo("The last user message has 3 words.");

            HttpResponse<byte[]> leak = http.post("/chat/completions", body(MODEL, seal(key, "a b c"), true),
                    teeHeaders(session, key, Fault.HEADER, "plaintext-reasoning"));
            StringBuilder clear = new StringBuilder();
            StringBuilder content = new StringBuilder();
            for (JsonNode c : chunks(leak.body())) {
                clear.append(c.at("/choices/0/delta/reasoning").asText(""));
                String sealed = c.at("/choices/0/delta/content").asText("");
                if (!sealed.isEmpty()) {
                    content.append(CIPHER.openToString(session, sealed));
                }
            }
            assertThat(clear.toString()).isEqualTo("The last user message has 3 words.");
            assertThat(content.toString()).isEqualTo("Echo: a b c (3 words)");
        }
    }

    @Test
    void splitUtf8CutsEveryMultiByteCharacterBetweenTwoEnvelopes() throws Exception {
        String prompt = "prix 10€ 😀 ok";
        try (VeniceSimulator sim = VeniceSimulator.builder().build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            String key = sim.modelPublicKey(MODEL);
            HttpResponse<byte[]> r = http.post("/chat/completions", body(MODEL, seal(key, prompt), true),
                    teeHeaders(session, key, Fault.HEADER, "split-utf8"));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<Integer> boundaries = new ArrayList<>();
            for (JsonNode c : chunks(r.body())) {
                String sealed = c.at("/choices/0/delta/content").asText("");
                if (!sealed.isEmpty()) {
                    all.write(CIPHER.open(session, sealed));
                    boundaries.add(all.size());
                }
            }
            String expected = "Echo: " + prompt + " (4 words)";
            assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            // every multi-byte character has an envelope boundary strictly inside its bytes
            int offset = 0;
            int split = 0;
            for (int cp : expected.codePoints().toArray()) {
                int length = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (length > 1) {
                    int start = offset;
                    assertThat(boundaries).as("a boundary inside U+%04X", cp)
                            .anyMatch(b -> b > start && b < start + length);
                    split++;
                }
                offset += length;
            }
            assertThat(split).isEqualTo(2);
        }
    }

    @Test
    void repeatEphemeralKeySealsTwoContentChunksWithOneKey() {
        try (VeniceSimulator sim = VeniceSimulator.builder().chunkSize(4).build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            String key = sim.modelPublicKey(MODEL);
            HttpResponse<byte[]> r = http.post("/chat/completions", body(MODEL, seal(key, "one two"), true),
                    teeHeaders(session, key, Fault.HEADER, "repeat-ephemeral-key"));
            List<String> ephemeral = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (JsonNode c : chunks(r.body())) {
                String sealed = c.at("/choices/0/delta/content").asText("");
                if (!sealed.isEmpty()) {
                    ephemeral.add(Hex.encode(Envelope.parse(sealed).ephemeralPublicKey()));
                    text.append(CIPHER.openToString(session, sealed));
                }
            }
            assertThat(text.toString()).isEqualTo("Echo: one two (2 words)");
            assertThat(ephemeral.get(0)).isEqualTo(ephemeral.get(1));
            assertThat(ephemeral.subList(1, ephemeral.size())).doesNotHaveDuplicates();
        }
    }

    @Test
    void aModelWithReasoningOfItsOwnStreamsItAndSaysSo() {
        try (VeniceSimulator sim = VeniceSimulator.builder().models(ModelSpec.e2ee("e2ee-thinker").withReasoning(),
                ModelSpec.e2ee("e2ee-quiet")).build(); EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            JsonNode data = json(http.get("/models")).get("data");
            assertThat(data.get(0).at("/model_spec/capabilities/supportsReasoning").asBoolean()).isTrue();
            assertThat(data.get(1).at("/model_spec/capabilities/supportsReasoning").asBoolean()).isFalse();
            for (String model : new String[] {"e2ee-thinker", "e2ee-quiet"}) {
                String key = sim.modelPublicKey(model);
                ChatEndpointTest.Decrypted d = ChatEndpointTest.decrypt(http.post("/chat/completions",
                        body(model, seal(key, "x y"), true), teeHeaders(session, key)).body(), session);
                assertThat(d.reasoning.toString()).isEqualTo(model.equals("e2ee-thinker")
                        ? "The last user message has 2 words." : "");
            }
        }
    }

    @Test
    void signatureOtherKeySignsWithAKeyThatIsNotTheAttestedOne() {
        try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
            SimHttp http = new SimHttp(sim.start());
            String id = json(http.post("/chat/completions", SimHttp.chatBody("tee-glm-5", false, "user", "hi")))
                    .path("id").asText();
            String attested = io.venice.e2ee.crypto.EthAddress.ofPublicKey(Hex.decode(sim.modelPublicKey("tee-glm-5")))
                    .toLowerCase();
            JsonNode good = json(http.get("/tee/signature?model=tee-glm-5&request_id=" + id));
            assertThat(PersonalSignRecovery.recover(good.path("text").asText(), good.path("signature").asText())
                    .matches(attested)).isTrue();
            JsonNode bad = json(http.get("/tee/signature?model=tee-glm-5&request_id=" + id, Fault.HEADER,
                    "signature-other-key"));
            assertThat(bad.path("signing_address").asText()).isEqualTo(attested);
            assertThat(PersonalSignRecovery.recover(bad.path("text").asText(), bad.path("signature").asText())
                    .matches(attested)).isFalse();
        }
    }

    /** The E2EE headers plus more. */
    private static String[] teeHeaders(EcdhKeyPair session, String key, String... more) {
        String[] base = SimHttp.teeHeaders(session, key);
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
