package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedNrasAnswer;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.Pem;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * NVIDIA's remote attestation key set: EC P-384 keys by {@code kid}, each with its {@code x5c} certificate chain (leaf
 * first) and its {@code alg} if it states one. A key's {@code x5c[0]} must hold the key itself; whether the chain
 * leads to NVIDIA is for {@link NrasCheck} to decide, at the verification time. Keys of other types are ignored.
 * Immutable.
 */
public final class Jwks {
    /** One key: its id, the P-384 key, its {@code x5c} chain (empty when it has none) and its {@code alg} (or null). */
    public record Key(String kid, PublicKey publicKey, List<X509Certificate> x5c, String alg) {
        /** Validates and copies the parts. */
        public Key {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(publicKey, "publicKey");
            x5c = List.copyOf(x5c);
        }
    }

    private final Map<String, Key> keys;

    private Jwks(Map<String, Key> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * Parses a JWKS document.
     *
     * @throws MalformedNrasAnswer when it is not a key set, a P-384 key is malformed, its {@code x5c} is not a list of
     *                             base64 DER certificates, or {@code x5c[0]} holds another key
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
        Map<String, Key> keys = new LinkedHashMap<>();
        Base64.Decoder url = Base64.getUrlDecoder();
        for (JsonNode k : root.path("keys")) {
            if (!"EC".equals(k.path("kty").asText()) || !"P-384".equals(k.path("crv").asText())) {
                continue;
            }
            String kid = k.path("kid").asText("");
            String field = "jwks[" + kid + "]";
            if (keys.containsKey(kid)) {
                throw new MalformedNrasAnswer(field, "appears twice in the key set");
            }
            PublicKey key;
            try {
                byte[] x = url.decode(k.path("x").asText(""));
                byte[] y = url.decode(k.path("y").asText(""));
                if (x.length != 48 || y.length != 48) {
                    throw new MalformedNrasAnswer(field, "x and y must be 48 bytes each");
                }
                byte[] xy = new byte[96];
                System.arraycopy(x, 0, xy, 0, 48);
                System.arraycopy(y, 0, xy, 48, 48);
                key = EcKeys.p384(xy);
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new MalformedNrasAnswer(field, "is not a valid P-384 key");
            }
            List<X509Certificate> x5c = x5c(k.path("x5c"), field);
            if (!x5c.isEmpty() && !Arrays.equals(x5c.get(0).getPublicKey().getEncoded(), key.getEncoded())) {
                throw new MalformedNrasAnswer(field, "x5c[0] certificate holds another key than the JWK");
            }
            JsonNode alg = k.path("alg");
            keys.put(kid, new Key(kid, key, x5c, alg.isTextual() ? alg.textValue() : null));
        }
        return new Jwks(keys);
    }

    private static List<X509Certificate> x5c(JsonNode x5c, String field) {
        if (x5c.isMissingNode() || x5c.isNull()) {
            return List.of();
        }
        if (!x5c.isArray()) {
            throw new MalformedNrasAnswer(field + ".x5c", "must be an array of base64 DER certificates");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < x5c.size(); i++) {
            try {
                // RFC 7517 §4.7: standard base64 (not base64url) of each DER certificate
                out.add(Pem.certificate(Base64.getDecoder().decode(x5c.get(i).asText(""))));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new MalformedNrasAnswer(field + ".x5c[" + i + "]", "is not a base64 DER certificate");
            }
        }
        return out;
    }

    /** The key with {@code kid}, if present. */
    public Optional<Key> find(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** The public key with {@code kid}, if present (whether or not its chain validates). */
    public Optional<PublicKey> key(String kid) {
        return find(kid).map(Key::publicKey);
    }

    /** Number of P-384 keys. */
    public int size() {
        return keys.size();
    }
}
