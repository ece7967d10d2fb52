package io.venice.e2ee.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.protocol.VeniceProtocolException;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the body of a chat request as it goes on the wire: streaming always on; in an end-to-end-encrypted session
 * every message's content sealed to the model key and {@code venice_parameters.enable_e2ee: true}, after refusing what
 * E2EE cannot carry; in a TEE-only chat {@code venice_parameters.enable_e2ee: false}.
 */
public final class ChatRequestEncoder {
    private static final List<String> TOOL_FIELDS = List.of("tools", "functions", "tool_choice", "function_call",
            "parallel_tool_calls");

    private ChatRequestEncoder() {
    }

    /**
     * The body for an end-to-end-encrypted chat.
     *
     * @param model    the session's model id (used when the request names none; must match when it does)
     * @param modelKey the attested model public key (65 bytes)
     * @throws VeniceProtocolException.Unsupported for non-streaming, tools/functions, web search, array (multimodal or
     *                                       file) content, or {@code enable_e2ee=false}
     */
    public static byte[] encodeE2ee(ChatRequest request, String model, EnvelopeCipher cipher, byte[] modelKey,
                                    MessageEncryption which) {
        ObjectNode body = prepare(request, model);
        refuseUnsupported(body);
        // Venice uses E2EE when the headers come with enable_e2ee true (its default); it is stated, not assumed
        veniceParameters(body).put("enable_e2ee", true);
        for (JsonNode m : body.get("messages")) {
            ObjectNode msg = (ObjectNode) m;
            String role = msg.path("role").asText("");
            JsonNode content = msg.get("content");
            if (content == null || content.isNull()) {
                continue;
            }
            if (!content.isTextual()) {
                throw new VeniceProtocolException.Unsupported("multimodal or file content (a " + content.getNodeType()
                        .toString().toLowerCase(java.util.Locale.ROOT) + " instead of text)",
                        "send text content only");
            }
            boolean encrypt = which == MessageEncryption.ALL_ROLES || "user".equals(role) || "system".equals(role);
            if (encrypt && !content.asText().isEmpty()) {
                msg.put("content", cipher.seal(modelKey, content.asText()));
            }
        }
        return write(body);
    }

    /** The body for a chat with a model that offers no privacy: the request as given, with streaming on. */
    public static byte[] encodePlain(ChatRequest request, String model) {
        return write(prepare(request, model));
    }

    /**
     * The body for a TEE-only chat: the request in plaintext with {@code venice_parameters.enable_e2ee: false}, which
     * makes Venice run an E2EE-capable model without end-to-end encryption.
     *
     * @throws IllegalArgumentException if the request itself asks for {@code enable_e2ee: true}
     */
    public static byte[] encodeTeeOnly(ChatRequest request, String model) {
        ObjectNode body = prepare(request, model);
        ObjectNode vp = veniceParameters(body);
        JsonNode asked = vp.get("enable_e2ee");
        if (asked != null && asked.asBoolean(false)) {
            throw new IllegalArgumentException("the request asks for venice_parameters.enable_e2ee=true but the chat"
                    + " is TEE-only; remove it, or open an end-to-end-encrypted session");
        }
        vp.put("enable_e2ee", false);
        return write(body);
    }

    /** {@code venice_parameters}, made an object when absent. */
    private static ObjectNode veniceParameters(ObjectNode body) {
        JsonNode vp = body.get("venice_parameters");
        if (vp instanceof ObjectNode o) {
            return o;
        }
        if (vp != null && !vp.isNull()) {
            throw new IllegalArgumentException("venice_parameters must be a JSON object, got " + vp.getNodeType());
        }
        return body.putObject("venice_parameters");
    }

    private static ObjectNode prepare(ChatRequest request, String model) {
        ObjectNode body = request.toJsonNode();
        String named = request.model();
        if (named != null && model != null && !named.equals(model)) {
            throw new IllegalArgumentException("the request names model " + named + " but the session is for " + model);
        }
        if (named == null) {
            if (model == null) {
                throw new IllegalArgumentException("the request names no model");
            }
            body.put("model", model);
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.asBoolean(true)) {
            throw new VeniceProtocolException.Unsupported("a non-streaming request (stream=false)",
                    "this client always streams; leave stream unset");
        }
        body.put("stream", true);
        return body;
    }

    private static void refuseUnsupported(ObjectNode body) {
        for (String f : TOOL_FIELDS) {
            if (body.has(f)) {
                throw new VeniceProtocolException.Unsupported("function/tool calling (\"" + f + "\")",
                        "remove it, or use a TEE-only chat (teeOnly, --tee-only), which Venice can read");
            }
        }
        for (JsonNode m : body.get("messages")) {
            String role = m.path("role").asText("");
            if ("tool".equals(role) || "function".equals(role) || m.has("tool_calls") || m.has("function_call")) {
                throw new VeniceProtocolException.Unsupported("function/tool calling (a " + (m.has("tool_calls")
                        ? "tool_calls" : role) + " message)", "remove it");
            }
        }
        JsonNode vp = body.get("venice_parameters");
        if (vp != null && vp.isObject()) {
            JsonNode e2ee = vp.get("enable_e2ee");
            if (e2ee != null && !e2ee.asBoolean(true)) {
                throw new VeniceProtocolException.Unsupported("venice_parameters.enable_e2ee=false",
                        "it silently downgrades to TEE-only; ask for a TEE-only chat instead (teeOnly, --tee-only)");
            }
            JsonNode web = vp.get("enable_web_search");
            if (web != null && !web.isNull() && !"off".equalsIgnoreCase(web.asText()) && !"false".equals(web.asText())) {
                throw new VeniceProtocolException.Unsupported("web search (venice_parameters.enable_web_search)",
                        "remove it or set it to \"off\"");
            }
        }
    }

    private static byte[] write(ObjectNode body) {
        try {
            return ChatRequest.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
