package io.venice.e2ee.attestation.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The attestation module's one configured Jackson mapper. Every piece of evidence, collateral and NRAS answer is read
 * through it, so every reader sees the same document: a key that appears twice, content after the document, nesting
 * deeper than {@value #MAX_NESTING_DEPTH} levels or a string longer than {@value #MAX_STRING_LENGTH} characters is
 * refused instead of being resolved one way by this reader and another way by the next.
 */
public final class Json {
    /** Deepest object/array nesting accepted (Venice's evidence and Intel's collateral are under 10 deep). */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest string accepted, in characters (an 8-GPU NVIDIA payload is about 100 000). */
    public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;
    /** Longest document accepted, in characters or bytes. */
    public static final long MAX_DOCUMENT_LENGTH = 16L * 1024 * 1024;
    /** Longest number accepted, in digits (every number in the evidence is a small integer). */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * The JSON value in {@code text}.
     *
     * @throws JsonProcessingException when it is not one well-formed JSON value within the limits; {@link #problem}
     *                                 says why in one line
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * The JSON value in {@code utf8}.
     *
     * @throws IOException when it is not one well-formed JSON value within the limits; {@link #problem} says why in
     *                     one line
     */
    public static JsonNode read(byte[] utf8) throws IOException {
        return MAPPER.readTree(utf8);
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code node} as indented JSON text. */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One line saying why {@code e} refused a document, without echoing its content: a repeated key (named), a limit
     * exceeded, or where the syntax broke.
     */
    public static String problem(IOException e) {
        String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        if (message != null && message.startsWith("Duplicate field '")) {
            int end = message.indexOf('\'', 17);
            String key = end > 17 ? message.substring(17, end) : "?";
            return "the key '" + (key.length() > 64 ? key.substring(0, 64) + "…" : key) + "' appears twice in one"
                    + " object (readers could disagree on its value)";
        }
        if (e instanceof StreamConstraintsException) {
            return "exceeds a size limit (at most " + MAX_NESTING_DEPTH + " levels of nesting, strings of "
                    + MAX_STRING_LENGTH + " characters, numbers of " + MAX_NUMBER_LENGTH + " digits)";
        }
        if (e instanceof JsonProcessingException p && p.getLocation() != null) {
            JsonLocation at = p.getLocation();
            return "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return "not valid JSON";
    }
}
