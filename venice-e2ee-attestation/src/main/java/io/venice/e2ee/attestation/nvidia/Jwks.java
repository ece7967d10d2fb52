package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedNrasAnswer;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.Pem;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * NVIDIA's remote attestation key set: EC P-384 keys by {@code kid}. A key that carries an {@code x5c} chain must
 * hold the same public key as its first certificate; keys of other types are ignored. Immutable.
 */
public final class Jwks {
    private final Map<String, PublicKey> keys;

    private Jwks(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * Parses a JWKS document.
     *
     * @throws MalformedNrasAnswer when it is not a key set, or a P-384 key is malformed or disagrees with its x5c
     */
    public static Jwks parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new MalformedNrasAnswer("jwks", Json.problem(e));
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new MalformedNrasAnswer("jwks", "has no 'keys' array");
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        Base64.Decoder url = Base64.getUrlDecoder();
        for (JsonNode k : root.path("keys")) {
            if (!"EC".equals(k.path("kty").asText()) || !"P-384".equals(k.path("crv").asText())) {
                continue;
            }
            String kid = k.path("kid").asText("");
            try {
                byte[] x = url.decode(k.path("x").asText(""));
                byte[] y = url.decode(k.path("y").asText(""));
                byte[] xy = new byte[96];
                if (x.length != 48 || y.length != 48) {
                    throw new MalformedNrasAnswer("jwks[" + kid + "]", "x and y must be 48 bytes each");
                }
                System.arraycopy(x, 0, xy, 0, 48);
                System.arraycopy(y, 0, xy, 48, 48);
                PublicKey key = EcKeys.p384(xy);
                JsonNode x5c = k.path("x5c");
                if (x5c.isArray() && !x5c.isEmpty()) {
                    X509Certificate first = Pem.certificate(Base64.getDecoder().decode(x5c.get(0).asText()));
                    if (!java.util.Arrays.equals(first.getPublicKey().getEncoded(), key.getEncoded())) {
                        throw new MalformedNrasAnswer("jwks[" + kid + "]", "x5c certificate holds another key");
                    }
                }
                keys.put(kid, key);
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new MalformedNrasAnswer("jwks[" + kid + "]", "is not a valid P-384 key");
            }
        }
        return new Jwks(keys);
    }

    /** The key with {@code kid}, if present. */
    public Optional<PublicKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Number of usable keys. */
    public int size() {
        return keys.size();
    }
}
