package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.crypto.Hex;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of Intel's signed JSON (TCB info, QE identity) the way Intel's parsers require them: present, of
 * their type and form, else a {@link MalformedCollateral} naming the field by its path.
 */
final class CollateralJson {
    private CollateralJson() {
    }

    /** The signed object in {@code text}, unwrapped from {@code {"<wrapper>": {...}, "signature": ...}} if so served. */
    static JsonNode signedObject(String field, String text, String wrapper) {
        JsonNode n;
        try {
            n = Json.read(text);
        } catch (JsonProcessingException e) {
            throw new MalformedCollateral(field, Json.problem(e));
        }
        if (n == null || !n.isObject()) {
            throw new MalformedCollateral(field, "must be a JSON object");
        }
        return n.has(wrapper) && n.path(wrapper).isObject() ? n.path(wrapper) : n;
    }

    static JsonNode member(JsonNode n, String field, String at) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            throw new MalformedCollateral(at + "." + field, "missing");
        }
        return v;
    }

    static String text(JsonNode n, String field, String at) {
        JsonNode v = member(n, field, at);
        if (!v.isTextual()) {
            throw new MalformedCollateral(at + "." + field, "must be a string");
        }
        return v.textValue();
    }

    static int integer(JsonNode n, String field, String at, int min, int max) {
        JsonNode v = member(n, field, at);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new MalformedCollateral(at + "." + field, "must be an integer " + min + ".." + max);
        }
        return v.intValue();
    }

    static byte[] hex(JsonNode n, String field, String at, int bytes) {
        String s = text(n, field, at);
        if (s.length() != 2 * bytes || !Hex.isHex(s)) {
            throw new MalformedCollateral(at + "." + field, "must be " + 2 * bytes + " hex digits");
        }
        return Hex.decode(s);
    }

    static Instant instant(JsonNode n, String field, String at) {
        String s = text(n, field, at);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedCollateral(at + "." + field, "must be an ISO-8601 UTC time");
        }
    }

    static List<JsonNode> array(JsonNode n, String field, String at, boolean nonEmpty) {
        JsonNode v = member(n, field, at);
        if (!v.isArray() || nonEmpty && v.isEmpty()) {
            throw new MalformedCollateral(at + "." + field, nonEmpty ? "must be a non-empty array" : "must be an array");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A level's {@code tcbStatus}, one of {@code allowed}. */
    static TcbStatus status(JsonNode level, String at, java.util.Set<TcbStatus> allowed) {
        String s = text(level, "tcbStatus", at);
        TcbStatus status = TcbStatus.fromIntelName(s).orElse(null);
        if (status == null || !allowed.contains(status)) {
            throw new MalformedCollateral(at + ".tcbStatus", "'" + s + "' is not a status Intel's rules allow here");
        }
        return status;
    }

    /** A level's {@code advisoryIDs}, if any. */
    static List<String> advisories(JsonNode level, String at) {
        JsonNode a = level.path("advisoryIDs");
        if (a.isMissingNode()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new MalformedCollateral(at + ".advisoryIDs", "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : a) {
            if (!id.isTextual()) {
                throw new MalformedCollateral(at + ".advisoryIDs", "must be an array of strings");
            }
            out.add(id.textValue());
        }
        return List.copyOf(out);
    }
}
