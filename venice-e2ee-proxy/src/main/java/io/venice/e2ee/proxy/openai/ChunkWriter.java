package io.venice.e2ee.proxy.openai;

import io.venice.e2ee.attestation.json.VeniceJson;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.Usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes decrypted deltas as OpenAI's streamed {@code chat.completion.chunk} events ({@code data: {...}\n\n}), with
 * the upstream's id, model, finish reason and usage, and {@code data: [DONE]} at the end. The first chunk carries
 * {@code role: "assistant"}, as OpenAI's do. One writer per stream; not thread-safe.
 */
public final class ChunkWriter {
    static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    /** The event that ends a stream. */
    public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = VeniceJson.newMapper().getFactory();

    private final long created;
    private final String requestedModel;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private boolean first = true;

    /**
     * @param created        the {@code created} time (Unix seconds) every chunk carries
     * @param requestedModel the model named in the request, used when a delta names none
     */
    public ChunkWriter(long created, String requestedModel) {
        this.created = created;
        this.requestedModel = requestedModel;
    }

    /** One delta as one event. */
    public byte[] chunk(ChatDelta d) {
        out.reset();
        out.writeBytes(DATA);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (d.id() != null) {
                g.writeStringField("id", d.id());
            }
            g.writeStringField("object", "chat.completion.chunk");
            g.writeNumberField("created", created);
            g.writeStringField("model", d.model() != null ? d.model() : requestedModel);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            if (first) {
                g.writeStringField("role", "assistant");
            }
            if (d.content() != null) {
                g.writeStringField("content", d.content());
            }
            if (d.reasoning() != null) {
                g.writeStringField("reasoning_content", d.reasoning());
            }
            g.writeEndObject();
            if (d.finishReason() != null) {
                g.writeStringField("finish_reason", d.finishReason());
            } else {
                g.writeNullField("finish_reason");
            }
            g.writeEndObject();
            g.writeEndArray();
            if (d.usage() != null) {
                writeUsage(g, d.usage());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a chunk", e);
        }
        first = false;
        out.write('\n');
        out.write('\n');
        return out.toByteArray();
    }

    static void writeUsage(JsonGenerator g, Usage u) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", u.promptTokens());
        g.writeNumberField("completion_tokens", u.completionTokens());
        g.writeNumberField("total_tokens", u.totalTokens());
        g.writeEndObject();
    }
}
