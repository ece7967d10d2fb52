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
 * document, nesting deeper than {@link #MAX_NESTING_DEPTH} levels (64 by default), a string longer than
 * {@value #MAX_STRING_LENGTH} characters, a number longer than {@link #MAX_NUMBER_LENGTH} digits (100 by default) or a
 * document longer than {@value #MAX_DOCUMENT_LENGTH} characters or bytes is refused, instead of being resolved one
 * way by this reader and another way by the next.
 *
 * <p>The depth and number limits are the process's, as the JDK's own XML limits are: set with the system properties
 * {@value #NESTING_DEPTH_PROPERTY} (1 to 1000) and {@value #NUMBER_LENGTH_PROPERTY} (1 to 10 000), read once when
 * this class loads; a value that is not a whole number in range stops it loading with an
 * {@link IllegalStateException} naming the property. The string and document sizes are lowered by the limit on what
 * carries them (a client's {@code maxJsonBodyBytes} or {@code StreamLimits.maxEventBytes}).
 *
 * <p>{@link #newMapper()} hands each holder its own mapper (a Jackson mapper can be reconfigured, and one holder
 * must not change what another reads); {@link #read} and {@link #problem} serve one-off reads and their one-line
 * refusals.
 */
public final class VeniceJson {
    /** The system property that sets {@link #MAX_NESTING_DEPTH} for the process. */
    public static final String NESTING_DEPTH_PROPERTY = "venice.e2ee.json.maxNestingDepth";
    /** The system property that sets {@link #MAX_NUMBER_LENGTH} for the process. */
    public static final String NUMBER_LENGTH_PROPERTY = "venice.e2ee.json.maxNumberLength";
    /** The default {@link #MAX_NESTING_DEPTH}: Venice's evidence, Intel's collateral and chat chunks are under 10 deep. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
    /** The default {@link #MAX_NUMBER_LENGTH}: every number in the evidence and the chat API is short. */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 100;
    /** Deepest object/array nesting accepted: {@value #NESTING_DEPTH_PROPERTY}, else 64. */
    public static final int MAX_NESTING_DEPTH = setting(NESTING_DEPTH_PROPERTY,
            System.getProperty(NESTING_DEPTH_PROPERTY), DEFAULT_MAX_NESTING_DEPTH, 1, 1000);
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
    /** Longest number accepted, in digits: {@value #NUMBER_LENGTH_PROPERTY}, else 100. */
    public static final int MAX_NUMBER_LENGTH = setting(NUMBER_LENGTH_PROPERTY,
            System.getProperty(NUMBER_LENGTH_PROPERTY), DEFAULT_MAX_NUMBER_LENGTH, 1, 10_000);

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

    /**
     * The limit a system property sets: {@code fallback} when it is not set.
     *
     * @throws IllegalStateException naming the property when {@code value} is not a whole number from {@code min} to
     *                               {@code max}
     */
    static int setting(String property, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException("the system property " + property + " must be a whole number from " + min
                + " to " + max + "; remove it to use the default " + fallback);
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
