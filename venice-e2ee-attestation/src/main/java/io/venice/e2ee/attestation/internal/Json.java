package io.venice.e2ee.attestation.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.json.VeniceJson;

import java.io.IOException;

/**
 * The attestation parsers' name for {@link VeniceJson}, the project's one JSON configuration: every call is
 * VeniceJson's, so evidence, collateral and NRAS answers are read exactly as the client reads chat chunks. New code
 * uses {@link VeniceJson} directly.
 */
public final class Json {
    /** {@link VeniceJson#MAX_NESTING_DEPTH}. */
    public static final int MAX_NESTING_DEPTH = VeniceJson.MAX_NESTING_DEPTH;
    /** {@link VeniceJson#MAX_STRING_LENGTH}. */
    public static final int MAX_STRING_LENGTH = VeniceJson.MAX_STRING_LENGTH;
    /** {@link VeniceJson#MAX_DOCUMENT_LENGTH}. */
    public static final long MAX_DOCUMENT_LENGTH = VeniceJson.MAX_DOCUMENT_LENGTH;
    /** {@link VeniceJson#MAX_NUMBER_LENGTH}. */
    public static final int MAX_NUMBER_LENGTH = VeniceJson.MAX_NUMBER_LENGTH;

    private Json() {
    }

    /** {@link VeniceJson#read(String)}. */
    public static JsonNode read(String text) throws JsonProcessingException {
        return VeniceJson.read(text);
    }

    /** {@link VeniceJson#read(byte[])}. */
    public static JsonNode read(byte[] utf8) throws IOException {
        return VeniceJson.read(utf8);
    }

    /** {@link VeniceJson#object()}. */
    public static ObjectNode object() {
        return VeniceJson.object();
    }

    /** {@link VeniceJson#pretty(JsonNode)}. */
    public static String pretty(JsonNode node) {
        return VeniceJson.pretty(node);
    }

    /** {@link VeniceJson#problem(IOException)}. */
    public static String problem(IOException e) {
        return VeniceJson.problem(e);
    }
}
