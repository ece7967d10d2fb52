package io.venice.e2ee.proxy.openai;

import io.venice.e2ee.attestation.json.VeniceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An error as OpenAI's API answers it, {@code {"error":{"message","type","param","code"}}}, with its HTTP status:
 * what OpenAI clients turn into their typed errors (the official ones raise {@code APIError} subclasses by status).
 *
 * @param status  the HTTP status
 * @param message what failed and what to do, for people
 * @param type    OpenAI's error type: {@code invalid_request_error}, {@code authentication_error},
 *                {@code permission_error}, {@code not_found_error}, {@code rate_limit_error}, {@code api_error}, or
 *                {@code verification_error} (the enclave's attestation did not pass)
 * @param param   the request field at fault, or null
 * @param code    a stable machine-readable code (e.g. the failed check {@code tdx.debug}), or null
 */
public record OpenAiError(int status, String message, String type, String param, String code) {
    private static final ObjectMapper JSON = VeniceJson.newMapper();

    /** Validates the parts. */
    public OpenAiError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
        }
    }

    /** A 400 {@code invalid_request_error} about {@code param}. */
    public static OpenAiError invalidRequest(String message, String param, String code) {
        return new OpenAiError(400, message, "invalid_request_error", param, code);
    }

    /** OpenAI's error type for an HTTP status. */
    public static String typeFor(int status) {
        return switch (status) {
            case 400, 409, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> "api_error";
        };
    }

    /** The error object alone: {@code {"message","type","param","code"}}. */
    public ObjectNode errorNode() {
        ObjectNode e = JSON.createObjectNode();
        e.put("message", message);
        e.put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return e;
    }

    /** The response body: {@code {"error":{...}}} as UTF-8 JSON. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.set("error", errorNode());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same error as one server-sent event, for a failure after a stream has started. */
    public byte[] toSseEvent() {
        byte[] json = toJson();
        byte[] out = new byte[6 + json.length + 2];
        System.arraycopy(ChunkWriter.DATA, 0, out, 0, 6);
        System.arraycopy(json, 0, out, 6, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }
}
