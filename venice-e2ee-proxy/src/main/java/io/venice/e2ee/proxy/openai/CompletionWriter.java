package io.venice.e2ee.proxy.openai;

import io.venice.e2ee.attestation.json.VeniceJson;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.venice.e2ee.chat.ChatCompletion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes a whole answer as OpenAI's non-streamed {@code chat.completion} object. */
public final class CompletionWriter {
    private static final JsonFactory JSON = VeniceJson.newMapper().getFactory();

    private CompletionWriter() {
    }

    /**
     * The answer as JSON.
     *
     * @param created        the {@code created} time (Unix seconds)
     * @param requestedModel the model named in the request, used when the answer names none
     */
    public static byte[] completion(ChatCompletion c, long created, String requestedModel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + c.content().length() * 2);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (c.id() != null) {
                g.writeStringField("id", c.id());
            }
            g.writeStringField("object", "chat.completion");
            g.writeNumberField("created", created);
            g.writeStringField("model", c.model() != null ? c.model() : requestedModel);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", c.content());
            if (c.reasoning() != null && !c.reasoning().isEmpty()) {
                g.writeStringField("reasoning_content", c.reasoning());
            }
            g.writeEndObject();
            if (c.finishReason() != null) {
                g.writeStringField("finish_reason", c.finishReason());
            } else {
                g.writeNullField("finish_reason");
            }
            g.writeEndObject();
            g.writeEndArray();
            if (c.usage() != null) {
                ChunkWriter.writeUsage(g, c.usage());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a completion", e);
        }
        return out.toByteArray();
    }
}
