package io.venice.e2ee.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatRequestEncoderTest {
    private static final byte[] KEY = new byte[65];

    private static void refused(ChatRequest r, String feature) {
        // the refusal comes before any encryption, so no cipher is needed to see it
        assertThatThrownBy(() -> ChatRequestEncoder.encodeE2ee(r, "e2ee-m", null, KEY, MessageEncryption.ALL_ROLES))
                .isInstanceOf(VeniceProtocolException.Unsupported.class).hasMessageContaining(feature)
                .hasMessageContaining("not supported with end-to-end encryption");
    }

    @Test
    void nonStreamingIsRefused() {
        refused(ChatRequest.builder().user("x").param("stream", false).build(), "non-streaming");
    }

    @Test
    void toolsFunctionsAndToolMessagesAreRefused() {
        refused(ChatRequest.builder().user("x").param("tools", List.of(Map.of("type", "function"))).build(), "tools");
        refused(ChatRequest.builder().user("x").param("functions", List.of()).build(), "functions");
        refused(ChatRequest.builder().user("x").message("tool", "result").build(), "tool");
    }

    @Test
    void webSearchAndEnableE2eeFalseAreRefused() {
        refused(ChatRequest.builder().user("x").param("venice_parameters", Map.of("enable_web_search", "auto")).build(),
                "web search");
        refused(ChatRequest.builder().user("x").param("venice_parameters", Map.of("enable_e2ee", false)).build(),
                "enable_e2ee=false");
    }

    @Test
    void arrayContentIsRefusedAsMultimodal() {
        refused(ChatRequest.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}"),
                "multimodal or file content");
    }

    @Test
    void webSearchOffIsAccepted() throws Exception {
        byte[] body = ChatRequestEncoder.encodePlain(ChatRequest.builder().user("x")
                .param("venice_parameters", Map.of("enable_web_search", "off")).build(), "tee-m");
        assertThat(new ObjectMapper().readTree(body).at("/venice_parameters/enable_web_search").asText()).isEqualTo("off");
    }

    @Test
    void plainEncodingAlwaysStreamsAndFillsInTheModel() throws Exception {
        JsonNode n = new ObjectMapper().readTree(ChatRequestEncoder.encodePlain(ChatRequest.ofUser("hi"), "tee-m"));
        assertThat(n.get("stream").asBoolean()).isTrue();
        assertThat(n.get("model").asText()).isEqualTo("tee-m");
        assertThat(n.at("/messages/0/content").asText()).isEqualTo("hi");
    }

    @Test
    void aRequestForAnotherModelThanTheSessionsIsRefused() {
        assertThatThrownBy(() -> ChatRequestEncoder.encodePlain(ChatRequest.builder().model("a").user("x").build(), "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session is for b");
    }

    @Test
    void fromJsonNeedsAMessagesArrayAndToStringHidesContent() {
        assertThatThrownBy(() -> ChatRequest.fromJson("{\"prompt\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatRequest.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChatRequest.ofUser("secret words").toString()).doesNotContain("secret");
    }
    @Test
    void anEndToEndBodySaysEnableE2eeTrueBesideOtherVeniceParameters() throws Exception {
        try (SealedAnswer keys = new SealedAnswer()) {
            byte[] body = ChatRequestEncoder.encodeE2ee(ChatRequest.builder().user("secret words")
                    .param("venice_parameters", Map.of("include_venice_system_prompt", false)).build(), "e2ee-m",
                    keys.cipher, keys.session.publicKey(), MessageEncryption.ALL_ROLES);
            JsonNode n = new ObjectMapper().readTree(body);
            assertThat(n.at("/venice_parameters/enable_e2ee").isBoolean()).isTrue();
            assertThat(n.at("/venice_parameters/enable_e2ee").asBoolean()).isTrue();
            assertThat(n.at("/venice_parameters/include_venice_system_prompt").asBoolean(true)).isFalse();
            assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("secret");
            assertThat(keys.cipher.openToString(keys.session, n.at("/messages/0/content").asText()))
                    .isEqualTo("secret words");
        }
    }

    @Test
    void aTeeOnlyBodyIsPlaintextWithEnableE2eeFalseAndRefusesARequestAskingForTrue() throws Exception {
        JsonNode n = new ObjectMapper().readTree(ChatRequestEncoder.encodeTeeOnly(ChatRequest.ofUser("hi"), "e2ee-m"));
        assertThat(n.at("/venice_parameters/enable_e2ee").isBoolean()).isTrue();
        assertThat(n.at("/venice_parameters/enable_e2ee").asBoolean(true)).isFalse();
        assertThat(n.at("/messages/0/content").asText()).isEqualTo("hi");
        assertThat(n.get("stream").asBoolean()).isTrue();
        assertThatThrownBy(() -> ChatRequestEncoder.encodeTeeOnly(ChatRequest.builder().user("x")
                .param("venice_parameters", Map.of("enable_e2ee", true)).build(), "e2ee-m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEE-only");
        assertThatThrownBy(() -> ChatRequestEncoder.encodeTeeOnly(ChatRequest.builder().user("x")
                .param("venice_parameters", "on").build(), "e2ee-m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }
}
