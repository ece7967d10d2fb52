package io.venice.e2ee.attestation.json;

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
import io.venice.e2ee.envelope.Envelope;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The project's one JSON configuration: every JSON document the project reads (evidence, collateral, NRAS answers,
 * chat chunks, model lists, error bodies, signatures, the simulator's requests) goes through a mapper or parser made
 * here, so every reader sees the same document. A key that appears twice in one object, content after the
 * document, nesting deeper than {@value #MAX_NESTING_DEPTH} levels, a string longer than
 * {@value #MAX_STRING_LENGTH} characters, a number longer than {@value #MAX_NUMBER_LENGTH} digits or a document
 * longer than {@value #MAX_DOCUMENT_LENGTH} characters or bytes is refused, instead of being resolved one way by
 * this reader and another way by the next.
 *
 * <p>{@link #newMapper()} hands each holder its own mapper (a Jackson mapper can be reconfigured, and one holder
 * must not change what another reads); {@link #read} and {@link #problem} serve one-off reads and their one-line
 * refusals.
 */
public final class VeniceJson {
    /** Deepest object/array nesting accepted (Venice's evidence, Intel's collateral and chat chunks are under 10 deep). */
    public static final int MAX_NESTING_DEPTH = 64;
    /**
     * Longest string accepted, in characters: the longest field the protocol carries, one envelope of
     * {@link Envelope#MAX_LENGTH} bytes in hex (an 8-GPU NVIDIA payload is about 100 000 characters).
     */
    public static final int MAX_STRING_LENGTH = Envelope.MAX_HEX_LENGTH;
    /**
     * Longest document accepted, in characters or bytes: twice {@link #MAX_STRING_LENGTH} (a chat request or answer
     * carrying two fields at the envelope's limit).
     */
    public static final long MAX_DOCUMENT_LENGTH = 2L * MAX_STRING_LENGTH;
    /** Longest number accepted, in digits (every number in the evidence and the chat API is short). */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = configure();

    private VeniceJson() {
    }

    /**
     * A new mapper with the project's configuration: duplicate keys and trailing content refused, the size limits
     * above. Its {@link ObjectMapper#getFactory() factory} gives streaming parsers with the same rules.
     */
    public static ObjectMapper newMapper() {
        return MAPPER.copy();
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
                    + MAX_STRING_LENGTH + " characters, numbers of " + MAX_NUMBER_LENGTH + " digits, documents of "
                    + MAX_DOCUMENT_LENGTH + " characters)";
        }
        if (e instanceof JsonProcessingException p && p.getLocation() != null) {
            JsonLocation at = p.getLocation();
            return "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return "not valid JSON";
    }

    private static ObjectMapper configure() {
        return JsonMapper.builder(JsonFactory.builder()
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
    }
}
