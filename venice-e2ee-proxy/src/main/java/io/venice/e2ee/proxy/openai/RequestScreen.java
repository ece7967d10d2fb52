package io.venice.e2ee.proxy.openai;

import io.venice.e2ee.attestation.json.VeniceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads an OpenAI chat-completions body and refuses, before anything leaves, what the proxy cannot serve privately:
 * {@link #screen} what no mode can relay (tool calling, several choices, log probabilities, audio), and
 * {@link #screenForE2ee} what end-to-end encryption cannot carry (non-text content, response formats, web search).
 * Each refusal is a 400 {@code invalid_request_error} naming the field, never a silent plaintext fallback.
 */
public final class RequestScreen {
    private static final ObjectMapper JSON = VeniceJson.newMapper();
    private static final List<String> TOOL_FIELDS = List.of("tools", "functions", "tool_choice", "function_call",
            "parallel_tool_calls");
    private static final String UNSUPPORTED = "unsupported_parameter";

    private RequestScreen() {
    }

    /**
     * A screened request.
     *
     * @param model            the model asked for
     * @param stream           whether the caller wants a streamed answer ({@code stream: true})
     * @param teeOnlyRequested whether the body asks for TEE-only mode ({@code venice_parameters.enable_e2ee: false})
     * @param body             the body to send upstream: a copy without {@code stream} (upstream always streams)
     */
    public record Screened(String model, boolean stream, boolean teeOnlyRequested, ObjectNode body) {
    }

    /**
     * Parses and screens a body for any mode.
     *
     * @throws OpenAiRequestException when the body is not a chat request or asks for what the proxy cannot relay
     */
    public static Screened screen(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiRequestException.invalid("the request body is not valid JSON: " + e.getOriginalMessage(),
                    null, "invalid_json");
        } catch (IOException e) {
            throw OpenAiRequestException.invalid("the request body cannot be read: " + e.getMessage(), null,
                    "invalid_json");
        }
        if (!(root instanceof ObjectNode o)) {
            throw OpenAiRequestException.invalid("the request body must be a JSON object (a chat completions request)",
                    null, "invalid_json");
        }
        JsonNode model = o.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw OpenAiRequestException.invalid("you must name a model (\"model\"); GET /v1/models lists them",
                    "model", "missing_model");
        }
        JsonNode messages = o.get("messages");
        if (!(messages instanceof ArrayNode a) || a.isEmpty()) {
            throw OpenAiRequestException.invalid("\"messages\" must be a non-empty array", "messages",
                    "missing_messages");
        }
        JsonNode stream = o.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw OpenAiRequestException.invalid("\"stream\" must be true or false", "stream", "invalid_type");
        }
        refuseRelayless(o, a);
        ObjectNode copy = o.deepCopy();
        copy.remove("stream");
        JsonNode e2ee = o.path("venice_parameters").get("enable_e2ee");
        boolean teeOnly = e2ee != null && e2ee.isBoolean() && !e2ee.asBoolean();
        return new Screened(model.asText(), stream != null && stream.asBoolean(false), teeOnly, copy);
    }

    /** What the proxy relays in no mode: it streams text of one choice back, nothing else. */
    private static void refuseRelayless(ObjectNode o, ArrayNode messages) {
        for (String f : TOOL_FIELDS) {
            if (o.has(f) && !o.get(f).isNull()) {
                throw OpenAiRequestException.invalid("function/tool calling (\"" + f + "\") is not available through"
                        + " this proxy: end-to-end encryption does not carry it and the proxy relays text only;"
                        + " remove it", f, UNSUPPORTED);
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw OpenAiRequestException.invalid("messages[" + i + "] must be an object with role and content",
                        "messages[" + i + "]", "invalid_type");
            }
            String role = m.path("role").asText("");
            if ("tool".equals(role) || "function".equals(role) || m.has("tool_calls") || m.has("function_call")) {
                throw OpenAiRequestException.invalid("messages[" + i + "] is part of a tool call (" + (m.has("tool_calls")
                        ? "tool_calls" : m.has("function_call") ? "function_call" : "role " + role) + "): tool"
                        + " calling is not available through this proxy; remove it", "messages[" + i + "]", UNSUPPORTED);
            }
        }
        JsonNode n = o.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw OpenAiRequestException.invalid("n=" + n + " asks for several choices; this proxy streams one"
                    + " choice, remove \"n\" or set it to 1", "n", UNSUPPORTED);
        }
        JsonNode logprobs = o.get("logprobs");
        if (logprobs != null && logprobs.asBoolean(false) || o.has("top_logprobs") && !o.get("top_logprobs").isNull()) {
            throw OpenAiRequestException.invalid("log probabilities (\"logprobs\", \"top_logprobs\") would carry the"
                    + " answer's tokens outside the encrypted content; remove them", "logprobs", UNSUPPORTED);
        }
        if (o.has("audio") && !o.get("audio").isNull() || hasAudioModality(o.get("modalities"))) {
            throw OpenAiRequestException.invalid("audio output (\"audio\", \"modalities\") is not available through"
                    + " this proxy; ask for text", o.has("audio") ? "audio" : "modalities", UNSUPPORTED);
        }
    }

    private static boolean hasAudioModality(JsonNode modalities) {
        if (modalities == null || !modalities.isArray()) {
            return false;
        }
        for (JsonNode m : modalities) {
            if (!"text".equals(m.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses what end-to-end encryption cannot carry: non-text message content such as images, audio or files; a
     * {@code response_format} other than text; web search. Content given as an array of text parts only is rewritten
     * in {@code body} as one string (the parts joined by newlines), which encrypts like any other text.
     *
     * @throws OpenAiRequestException naming the field
     */
    public static void screenForE2ee(ObjectNode body) {
        JsonNode messages = body.get("messages");
        for (int i = 0; i < messages.size(); i++) {
            ObjectNode message = (ObjectNode) messages.get(i);
            JsonNode content = message.get("content");
            String text = textParts(content);
            if (text != null) {
                // an array of text parts only is text: sent as one string, so it can be encrypted like any other
                message.put("content", text);
                continue;
            }
            if (content != null && !content.isNull() && !content.isTextual()) {
                throw OpenAiRequestException.invalid("messages[" + i + "].content is " + describe(content) + ":"
                        + " end-to-end encryption carries text content only (no images, audio or files); send it as"
                        + " a string", "messages[" + i + "].content", "unsupported_content");
            }
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !"text".equals(format.path("type").asText())) {
            throw OpenAiRequestException.invalid("response_format " + format.path("type").asText("(no type)")
                    + " is not carried by end-to-end-encrypted chats; ask for JSON in the prompt instead",
                    "response_format", UNSUPPORTED);
        }
        JsonNode web = body.path("venice_parameters").get("enable_web_search");
        if (web != null && !web.isNull() && !"off".equalsIgnoreCase(web.asText()) && !"false".equals(web.asText())) {
            throw OpenAiRequestException.invalid("web search (venice_parameters.enable_web_search) would send the"
                    + " prompt outside the enclave; remove it or set it to \"off\"",
                    "venice_parameters.enable_web_search", UNSUPPORTED);
        }
    }

    /** The text of an array made of text parts only, joined by newlines; null for anything else. */
    private static String textParts(JsonNode content) {
        if (content == null || !content.isArray() || content.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            JsonNode text = part.get("text");
            if (!"text".equals(part.path("type").asText()) || text == null || !text.isTextual()) {
                return null;
            }
            sb.append(i == 0 ? "" : "\n").append(text.asText());
        }
        return sb.toString();
    }

    private static String describe(JsonNode content) {
        if (content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asText("");
                if (!"text".equals(type)) {
                    return "an array with a \"" + (type.isEmpty() ? "untyped" : type) + "\" part";
                }
            }
            return "an array of text parts";
        }
        return "a " + content.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
