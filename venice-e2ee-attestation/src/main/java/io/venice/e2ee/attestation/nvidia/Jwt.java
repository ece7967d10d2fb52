package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedNrasAnswer;
import io.venice.e2ee.attestation.internal.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A compact JWS (header.payload.signature) split and decoded; the signature is not checked here. Immutable. */
public final class Jwt {
    private final String compact;
    private final JsonNode header;
    private final JsonNode claims;
    private final byte[] signingInput;
    private final byte[] signature;

    private Jwt(String compact, JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {
        this.compact = compact;
        this.header = header;
        this.claims = claims;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /**
     * Splits and decodes {@code compact}; {@code name} names it in errors.
     *
     * @throws MalformedNrasAnswer when it is not three base64url parts with JSON header and claims
     */
    public static Jwt parse(String name, String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new MalformedNrasAnswer(name, "is not a compact JWT (three dot-separated parts)");
        }
        Base64.Decoder d = Base64.getUrlDecoder();
        try {
            JsonNode header = Json.read(d.decode(parts[0]));
            JsonNode claims = Json.read(d.decode(parts[1]));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                throw new MalformedNrasAnswer(name, "header and claims must be JSON objects");
            }
            return new Jwt(compact, header, claims,
                    (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), d.decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new MalformedNrasAnswer(name, "a part is not base64url");
        } catch (java.io.IOException e) {
            throw new MalformedNrasAnswer(name, "header or claims: " + Json.problem(e));
        }
    }

    /** The compact form as received. */
    public String compact() {
        return compact;
    }

    /** The JOSE header. */
    public JsonNode header() {
        return header;
    }

    /** The claims. */
    public JsonNode claims() {
        return claims;
    }

    /** The bytes the signature covers (ASCII of header.payload). */
    public byte[] signingInput() {
        return signingInput.clone();
    }

    /** The raw signature bytes. */
    public byte[] signature() {
        return signature.clone();
    }

}
