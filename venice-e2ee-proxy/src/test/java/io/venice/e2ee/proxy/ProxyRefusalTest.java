package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.venice.e2ee.proxy.ProxyHarness.chat;
import static io.venice.e2ee.proxy.ProxyHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private by default: what end-to-end encryption cannot carry, or the proxy cannot relay, is refused with a 400
 * {@code invalid_request_error} naming the field, and nothing reaches the simulator; a model that is not end-to-end
 * encrypted is refused unless the request asks for TEE-only mode and the proxy allows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyRefusalTest {
    private static final String MODEL = "e2ee-glm-5";
    private ProxyHarness h;
    private ProxyHarness teeOnly;

    @BeforeAll
    void start() {
        h = new ProxyHarness(ProxyHarness.simulator().build());
        teeOnly = new ProxyHarness(ProxyHarness.simulator().build(), b -> b.allowTeeOnly(true));
    }

    @AfterAll
    void stop() {
        h.close();
        teeOnly.close();
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                refusal("tools", "tools", b -> b.putArray("tools").addObject().put("type", "function")),
                refusal("tool_choice", "tool_choice", b -> b.put("tool_choice", "auto")),
                refusal("functions", "functions", b -> b.putArray("functions").addObject().put("name", "f")),
                refusal("a tool message", "messages[1]", b -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                        b.get("messages")).addObject().put("role", "tool").put("content", "42")),
                refusal("an image", "messages[0].content", b -> {
                    ObjectNode m = (ObjectNode) b.get("messages").get(0);
                    var parts = m.putArray("content");
                    parts.addObject().put("type", "text").put("text", "what is this?");
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", "https://x/y.png");
                }),
                refusal("n=2", "n", b -> b.put("n", 2)),
                refusal("logprobs", "logprobs", b -> b.put("logprobs", true)),
                refusal("audio", "modalities", b -> b.putArray("modalities").add("text").add("audio")),
                refusal("json_schema", "response_format", b -> b.putObject("response_format")
                        .put("type", "json_schema")),
                refusal("json_object", "response_format", b -> b.putObject("response_format")
                        .put("type", "json_object")),
                refusal("web search", "venice_parameters.enable_web_search", b -> b.putObject("venice_parameters")
                        .put("enable_web_search", "on")));
    }

    private static Arguments refusal(String name, String param, Consumer<ObjectNode> change) {
        return Arguments.of(name, param, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void whatE2eeCannotCarryIsRefusedAndNothingIsSent(String name, String param, Consumer<ObjectNode> change) {
        for (Boolean stream : new Boolean[] {true, false}) {
            ObjectNode body = chat(MODEL, "hello", stream);
            change.accept(body);
            long before = h.sim.streams().snapshot().opened();
            HttpResponse<String> r = h.post("/chat/completions", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode e = json(r.body()).path("error");
            assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(e.path("param").asText()).isEqualTo(param);
            assertThat(e.path("message").asText()).isNotBlank();
            assertThat(h.sim.streams().snapshot().opened()).as("nothing was sent upstream").isEqualTo(before);
        }
    }

    @Test
    void aTeeModelIsRefusedWithoutAnExplicitTeeOnlyRequest() {
        HttpResponse<String> r = teeOnly.post("/chat/completions", chat("tee-glm-5", "hello", true));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("e2ee_unavailable");
    }

    @Test
    void teeOnlyIsRefusedByAProxyThatDoesNotAllowIt() {
        for (String model : new String[] {"tee-glm-5", MODEL}) {
            HttpResponse<String> r = h.post("/chat/completions", chat(model, "hello", true),
                    ModeSelector.MODE_HEADER, "tee-only");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("tee_only_not_allowed");
            ObjectNode body = chat(model, "hello", true);
            body.putObject("venice_parameters").put("enable_e2ee", false);
            assertThat(json(h.post("/chat/completions", body).body()).path("error").path("code").asText())
                    .isEqualTo("tee_only_not_allowed");
        }
    }

    @Test
    void teeOnlyAskedForAndAllowedIsServedAndSaidSo() {
        for (String model : new String[] {"tee-glm-5", MODEL}) {
            HttpResponse<String> r = teeOnly.post("/chat/completions", chat(model, "two words", false),
                    ModeSelector.MODE_HEADER, "tee-only");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue(Responses.MODE)).hasValue("tee-only");
            assertThat(r.headers().firstValue(Responses.POLICY)).hasValue("dcap");
            assertThat(json(r.body()).path("choices").path(0).path("message").path("content").asText())
                    .isEqualTo("Echo: two words (2 words)");
        }
        ObjectNode body = chat(MODEL, "two words", true);
        body.putObject("venice_parameters").put("enable_e2ee", false);
        HttpResponse<String> r = teeOnly.post("/chat/completions", body);
        assertThat(r.headers().firstValue(Responses.MODE)).hasValue("tee-only");
        assertThat(ProxyHarness.streamedText(r.body())).isEqualTo("Echo: two words (2 words)");
        HttpResponse<String> e2ee = teeOnly.post("/chat/completions", chat(MODEL, "two words", true));
        assertThat(e2ee.headers().firstValue(Responses.MODE)).as("E2EE unless asked otherwise").hasValue("verified");
    }

    @Test
    void aModelInNoEnclaveIsNeverServed() {
        HttpResponse<String> r = teeOnly.post("/chat/completions", chat("venice-uncensored", "hello", true),
                ModeSelector.MODE_HEADER, "tee-only");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("model_not_private");
        assertThat(json(h.post("/chat/completions", chat("venice-uncensored", "hello", true)).body())
                .path("error").path("code").asText()).isEqualTo("model_not_private");
    }

    @Test
    void malformedRequestsAreRefusedWithTheFieldNamed() {
        assertThat(json(h.post("/chat/completions", ProxyHarness.JSON.createObjectNode().put("model", MODEL)).body())
                .path("error").path("param").asText()).isEqualTo("messages");
        ObjectNode noModel = chat(MODEL, "x", true);
        noModel.remove("model");
        assertThat(json(h.post("/chat/completions", noModel).body()).path("error").path("param").asText())
                .isEqualTo("model");
        HttpResponse<String> r = h.post("/chat/completions", chat(MODEL, "x", true), ModeSelector.MODE_HEADER, "off");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("invalid_mode");
        HttpResponse<String> notFound = h.get("/nothing");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    }
}
