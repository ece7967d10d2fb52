package io.venice.e2ee.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.venice.e2ee.attestation.json.VeniceJson;
import java.util.Objects;

/**
 * An OpenAI-style chat-completions request before encryption. Built with {@link #builder()} or taken from an
 * existing JSON body with {@link #fromJson(String)}; immutable. The model may be left out and given by the session.
 */
public final class ChatRequest {
    static final ObjectMapper MAPPER = VeniceJson.newMapper();

    private final ObjectNode body;

    private ChatRequest(ObjectNode body) {
        this.body = body;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A request of one user message. */
    public static ChatRequest ofUser(String prompt) {
        return builder().user(prompt).build();
    }

    /**
     * Takes an OpenAI chat-completions JSON body as is (checks for what E2EE cannot carry happen when it is sent).
     *
     * @throws IllegalArgumentException if the text is not a JSON object with a {@code messages} array
     */
    public static ChatRequest fromJson(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("chat request is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(n instanceof ObjectNode o) || !(o.get("messages") instanceof ArrayNode)) {
            throw new IllegalArgumentException("chat request must be a JSON object with a \"messages\" array");
        }
        return new ChatRequest(o.deepCopy());
    }

    /** The model id, or null when the session supplies it. */
    public String model() {
        JsonNode m = body.get("model");
        return m == null || m.isNull() ? null : m.asText();
    }

    /** A copy of the body as JSON (plaintext: handle with care). */
    public ObjectNode toJsonNode() {
        return body.deepCopy();
    }

    /** Never shows message contents. */
    @Override
    public String toString() {
        return "ChatRequest[model=" + model() + ", messages=" + body.get("messages").size() + "]";
    }

    /** Builds a {@link ChatRequest}. */
    public static final class Builder {
        private final ObjectNode body = MAPPER.createObjectNode();
        private final ArrayNode messages = MAPPER.createArrayNode();

        private Builder() {
        }

        /** The model id (optional in a session, which knows its model). */
        public Builder model(String model) {
            body.put("model", Objects.requireNonNull(model, "model"));
            return this;
        }

        /** Appends a message of any role with text content. */
        public Builder message(String role, String content) {
            messages.addObject().put("role", Objects.requireNonNull(role, "role"))
                    .put("content", Objects.requireNonNull(content, "content"));
            return this;
        }

        /** Appends a system message. */
        public Builder system(String content) {
            return message("system", content);
        }

        /** Appends a user message. */
        public Builder user(String content) {
            return message("user", content);
        }

        /** Appends an assistant message (an earlier answer, for multi-turn chats). */
        public Builder assistant(String content) {
            return message("assistant", content);
        }

        /** Sampling temperature. */
        public Builder temperature(double temperature) {
            body.put("temperature", temperature);
            return this;
        }

        /** Upper bound on generated tokens. */
        public Builder maxTokens(int maxTokens) {
            body.put("max_tokens", maxTokens);
            return this;
        }

        /** Any other top-level body field (a String, Number, Boolean, Map, List or Jackson node). */
        public Builder param(String name, Object value) {
            if ("messages".equals(name)) {
                throw new IllegalArgumentException("add messages with message(role, content)");
            }
            body.set(name, MAPPER.valueToTree(value));
            return this;
        }

        /** The request. */
        public ChatRequest build() {
            if (messages.isEmpty()) {
                throw new IllegalStateException("a chat request needs at least one message");
            }
            ObjectNode b = body.deepCopy();
            b.set("messages", messages.deepCopy());
            return new ChatRequest(b);
        }
    }
}
