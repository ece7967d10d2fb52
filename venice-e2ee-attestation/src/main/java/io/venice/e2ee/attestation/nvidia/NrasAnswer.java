package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedNrasAnswer;
import io.venice.e2ee.attestation.internal.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NVIDIA's remote attestation service answer: {@code [["JWT", overall], {"GPU-0": jwt, ...}]}, split into the
 * overall token and the per-GPU tokens (signatures unchecked until {@link NrasCheck}). Immutable.
 */
public final class NrasAnswer {
    private final Jwt overall;
    private final Map<String, Jwt> gpus;

    private NrasAnswer(Jwt overall, Map<String, Jwt> gpus) {
        this.overall = overall;
        this.gpus = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gpus));
    }

    /**
     * Parses the answer as served.
     *
     * @throws MalformedNrasAnswer when the shape or a token is malformed
     */
    public static NrasAnswer parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new MalformedNrasAnswer("(document)", Json.problem(e));
        }
        if (root == null || !root.isArray() || root.size() < 2 || !root.get(0).isArray()
                || root.get(0).size() < 2 || !root.get(1).isObject()) {
            throw new MalformedNrasAnswer("(document)", "must be [[\"JWT\", overall], {\"GPU-0\": jwt, ...}]");
        }
        if (!"JWT".equals(root.get(0).get(0).asText()) || !root.get(0).get(1).isTextual()) {
            throw new MalformedNrasAnswer("overall", "must be [\"JWT\", token]");
        }
        Jwt overall = Jwt.parse("overall", root.get(0).get(1).textValue());
        Map<String, Jwt> gpus = new LinkedHashMap<>();
        for (var e : root.get(1).properties()) {
            if (!e.getValue().isTextual()) {
                throw new MalformedNrasAnswer(e.getKey(), "must be a JWT string");
            }
            gpus.put(e.getKey(), Jwt.parse(e.getKey(), e.getValue().textValue()));
        }
        return new NrasAnswer(overall, gpus);
    }

    /** The overall token. */
    public Jwt overall() {
        return overall;
    }

    /** The per-GPU tokens by name ({@code GPU-0}, ...). */
    public Map<String, Jwt> gpus() {
        return gpus;
    }
}
