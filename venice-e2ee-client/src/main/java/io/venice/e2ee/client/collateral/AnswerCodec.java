package io.venice.e2ee.client.collateral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads an answer's description (everything but its body) as JSON: piece, method, URL, status, headers,
 * when it was fetched, how it was reached and until when it was kept. The body travels beside it as raw bytes
 * (audit bundles) or as base64 inside it (the disk cache).
 */
public final class AnswerCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerCodec() {
    }

    /** The description of {@code a} as a JSON object (no body). */
    public static ObjectNode describe(FetchedAnswer a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("piece", a.piece());
        o.put("method", a.method());
        o.put("url", a.url().toString());
        o.put("status", a.status());
        ObjectNode h = o.putObject("headers");
        a.headers().forEach((k, v) -> {
            var arr = h.putArray(k);
            v.forEach(arr::add);
        });
        o.put("fetched_at", a.fetchedAt().toString());
        o.put("origin", a.origin().label());
        if (a.keptUntil() != null) {
            o.put("kept_until", a.keptUntil().toString());
        }
        return o;
    }

    /**
     * An answer from its description and body.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static FetchedAnswer read(JsonNode d, byte[] body) {
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            d.path("headers").properties().forEach(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                headers.put(e.getKey(), values);
            });
            String origin = d.path("origin").asText("network").toUpperCase(java.util.Locale.ROOT);
            return new FetchedAnswer(required(d, "piece"), required(d, "method"), URI.create(required(d, "url")),
                    d.path("status").asInt(200), headers, body, Instant.parse(required(d, "fetched_at")),
                    FetchedAnswer.Origin.valueOf(origin),
                    d.hasNonNull("kept_until") ? Instant.parse(d.path("kept_until").asText()) : null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("an answer's description is malformed: " + e.getMessage(), e);
        }
    }

    /** The answer and its body in one JSON document (the disk cache's form). */
    static byte[] toDocument(String key, FetchedAnswer a) {
        ObjectNode o = describe(a);
        o.put("key", key);
        o.put("body", Base64.getEncoder().encodeToString(a.body()));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an answer", e);
        }
    }

    /** The answer stored under {@code key} in a document of {@link #toDocument}, or null if it is not that. */
    static FetchedAnswer fromDocument(String key, byte[] document) {
        try {
            JsonNode o = JSON.readTree(document);
            if (o == null || !key.equals(o.path("key").asText(null))) {
                return null;
            }
            return read(o, Base64.getDecoder().decode(o.path("body").asText("")));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String required(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.textValue();
    }
}
