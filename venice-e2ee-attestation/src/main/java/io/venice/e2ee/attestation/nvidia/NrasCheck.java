package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Map;

/**
 * Verifies an NRAS answer: every token ES384-signed by a key of the JWKS (by {@code kid}) and valid at the given time,
 * the overall result true, each GPU token bound to the overall one by its SHA-256 digest, and each GPU's nonce,
 * measurement result and debug status as required.
 */
public final class NrasCheck {
    private NrasCheck() {
    }

    /**
     * Verifies {@code answer} for {@code gpuCount} GPUs and our nonce (hex).
     *
     * @return a one-line description of what held
     * @throws GeneralSecurityException with a one-line reason when something does not hold
     */
    public static String verify(NrasAnswer answer, Jwks jwks, String nonceHex, int gpuCount, Instant at)
            throws GeneralSecurityException {
        Jwt overall = answer.overall();
        token("overall token", overall, jwks, at);
        JsonNode c = overall.claims();
        if (!c.path("x-nvidia-overall-att-result").asBoolean(false)) {
            throw new GeneralSecurityException("NVIDIA's overall attestation result is not true");
        }
        nonce("overall token", c, nonceHex);
        if (gpuCount >= 0 && answer.gpus().size() != gpuCount) {
            throw new GeneralSecurityException("NRAS answered for " + answer.gpus().size() + " GPUs but the evidence"
                    + " lists " + gpuCount);
        }
        JsonNode submods = c.path("submods");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, Jwt> e : answer.gpus().entrySet()) {
            String name = e.getKey();
            Jwt gpu = e.getValue();
            token(name + " token", gpu, jwks, at);
            JsonNode digest = submods.path(name);
            String expected = digest.path(1).path(1).asText("");
            String actual = Hex.encode(sha256.digest(gpu.compact().getBytes(StandardCharsets.US_ASCII)));
            if (!actual.equalsIgnoreCase(expected)) {
                throw new SignatureException(name + " token is not the one the overall token names (digest mismatch)");
            }
            JsonNode g = gpu.claims();
            nonce(name + " token", g, nonceHex);
            if (!"success".equals(g.path("measres").asText())) {
                throw new GeneralSecurityException(name + ": measurement result is '" + g.path("measres").asText()
                        + "', not success");
            }
            if (!"disabled".equals(g.path("dbgstat").asText())) {
                throw new GeneralSecurityException(name + ": debug status is '" + g.path("dbgstat").asText()
                        + "', not disabled");
            }
        }
        return "overall and " + answer.gpus().size() + " GPU tokens signed by NVIDIA's key set, result true, nonce"
                + " ours, measurements success, debug disabled";
    }

    private static void token(String what, Jwt jwt, Jwks jwks, Instant at) throws GeneralSecurityException {
        if (!"ES384".equals(jwt.header().path("alg").asText())) {
            throw new SignatureException(what + " is not ES384-signed (alg " + jwt.header().path("alg").asText() + ")");
        }
        String kid = jwt.header().path("kid").asText("");
        PublicKey key = jwks.key(kid).orElseThrow(() ->
                new SignatureException(what + " is signed by key '" + kid + "', which is not in the key set"));
        if (jwt.signature().length != 96 || !EcKeys.verifyP384(key, jwt.signingInput(), jwt.signature())) {
            throw new SignatureException(what + " signature does not verify");
        }
        JsonNode c = jwt.claims();
        if (c.has("exp") && at.isAfter(Instant.ofEpochSecond(c.path("exp").asLong()))) {
            throw new GeneralSecurityException(what + " expired at " + Instant.ofEpochSecond(c.path("exp").asLong()));
        }
        if (c.has("nbf") && at.isBefore(Instant.ofEpochSecond(c.path("nbf").asLong()))) {
            throw new GeneralSecurityException(what + " is not valid before "
                    + Instant.ofEpochSecond(c.path("nbf").asLong()));
        }
    }

    private static void nonce(String what, JsonNode claims, String nonceHex) throws GeneralSecurityException {
        if (!nonceHex.equalsIgnoreCase(claims.path("eat_nonce").asText(""))) {
            throw new GeneralSecurityException(what + " carries another nonce (eat_nonce)");
        }
    }
}
