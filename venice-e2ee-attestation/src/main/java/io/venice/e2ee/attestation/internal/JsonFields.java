package io.venice.e2ee.attestation.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Reads typed members of a JSON document and refuses, with the error type of the document's concern, a member of the
 * wrong form, naming it by its full path (e.g. {@code compose_manager_attestation.actions[3].tag}). Absent and
 * {@code null} members read as {@code null} from the optional readers.
 */
public final class JsonFields {
    private final BiFunction<String, String, ? extends RuntimeException> error;

    /** Readers whose refusals are made by {@code error} from the member's path and what is wrong with it. */
    public JsonFields(BiFunction<String, String, ? extends RuntimeException> error) {
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error for {@code path}. */
    public RuntimeException error(String path, String message) {
        return error.apply(path, message);
    }


    /** A string member, or null. */
    public String text(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw error(path, "must be a string");
        }
        return v.textValue();
    }

    /** A string member that must be served. */
    public String requiredText(JsonNode node, String key, String path) {
        String s = text(node, key, path);
        if (s == null) {
            throw error(path, "is missing");
        }
        return s;
    }

    /**
     * A hex member (either case, no {@code 0x}) decoded, or null; {@code length} bytes unless {@code length} is
     * negative.
     */
    public byte[] hex(JsonNode node, String key, String path, int length) {
        String s = text(node, key, path);
        if (s == null) {
            return null;
        }
        if (!Hex.isHex(s)) {
            throw error(path, "must be hex");
        }
        byte[] b = Hex.decode(s);
        if (length >= 0 && b.length != length) {
            throw error(path, "must be " + length + " bytes (" + 2 * length + " hex digits), got " + b.length);
        }
        return b;
    }

    /** A hex member that must be served. */
    public byte[] requiredHex(JsonNode node, String key, String path, int length) {
        byte[] b = hex(node, key, path, length);
        if (b == null) {
            throw error(path, "is missing");
        }
        return b;
    }

    /** A boolean member, or null. */
    public Boolean bool(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw error(path, "must be true or false");
        }
        return v.booleanValue();
    }

    /** A non-negative integer member that fits a {@code long}, or null. */
    public Long count(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || !v.canConvertToLong()) {
            throw error(path, "must be a non-negative integer");
        }
        return v.longValue();
    }

    /** An object member, or null. */
    public JsonNode object(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw error(path, "must be an object");
        }
        return v;
    }

    /** An array member, or null. */
    public JsonNode array(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw error(path, "must be an array");
        }
        return v;
    }

    /**
     * An object member served as an object or as a JSON string holding one (services serve both), or null; a blank
     * string reads as absent.
     */
    public JsonNode objectOrJsonString(JsonNode node, String key, String path) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            return v;
        }
        if (v.isTextual()) {
            if (v.textValue().isBlank()) {
                return null;
            }
            try {
                JsonNode inner = Json.read(v.textValue());
                if (inner != null && inner.isObject()) {
                    return inner;
                }
            } catch (JsonProcessingException e) {
                throw error(path, "string is not a JSON object: " + Json.problem(e));
            }
        }
        throw error(path, "must be an object (or a JSON string holding one)");
    }
}
