package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SignatureException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an NRAS answer for the GPU evidence it was asked about. Every token is ES384-signed by a key of the JWKS
 * whose {@code x5c} chain validates, at the verification time, to a pinned NRAS intermediate ({@link NrasTrust}); its
 * {@code iss}, {@code exp}, {@code nbf} and {@code iat} are required and checked. The overall token's result is true,
 * its {@code eat_nonce} is ours, and its {@code submods} name each GPU token by SHA-256. There is exactly one GPU token
 * per evidence entry: {@code GPU-i} speaks for {@code evidence_list[i]}, its {@code ueid} is the decimal serial of
 * that entry's device certificate, its {@code eat_nonce} is ours, and it says {@code measres} success, {@code secboot}
 * true and {@code dbgstat} disabled.
 */
public final class NrasCheck {
    private NrasCheck() {
    }

    /**
     * Verifies {@code answer} for {@code gpus} (the evidence entries in order, their chains validated) and our nonce.
     *
     * @return a one-line description of what held
     * @throws GeneralSecurityException with a one-line reason when something does not hold
     */
    public static String verify(NrasAnswer answer, Jwks jwks, NrasTrust trust, String nonceHex,
                                List<GpuEvidence> gpus, Instant at) throws GeneralSecurityException {
        Map<String, PublicKey> trusted = new HashMap<>();
        Jwt overall = answer.overall();
        token("overall token", overall, jwks, trust, at, trusted);
        JsonNode c = overall.claims();
        if (!c.path("x-nvidia-overall-att-result").isBoolean() || !c.path("x-nvidia-overall-att-result").booleanValue()) {
            throw new GeneralSecurityException("NVIDIA's overall attestation result is not true");
        }
        nonce("overall token", c, nonceHex);
        if (answer.gpus().size() != gpus.size()) {
            throw new GeneralSecurityException("NRAS answered for " + answer.gpus().size() + " GPUs but the evidence"
                    + " lists " + gpus.size());
        }
        JsonNode submods = c.path("submods");
        if (!submods.isObject() || submods.size() != gpus.size()) {
            throw new GeneralSecurityException("the overall token names " + (submods.isObject() ? submods.size() : 0)
                    + " GPU tokens (submods) but the evidence lists " + gpus.size() + " GPUs");
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Set<Integer> seen = new HashSet<>();
        for (Map.Entry<String, Jwt> e : answer.gpus().entrySet()) {
            String name = e.getKey();
            int index = index(name, gpus.size());
            if (!seen.add(index)) {
                throw new GeneralSecurityException(name + " appears twice");
            }
            Jwt gpu = e.getValue();
            token(name + " token", gpu, jwks, trust, at, trusted);
            String expected = submods.path(name).path(1).path(1).asText("");
            String actual = Hex.encode(sha256.digest(gpu.compact().getBytes(StandardCharsets.US_ASCII)));
            if (!actual.equalsIgnoreCase(expected)) {
                throw new SignatureException(name + " token is not the one the overall token names (digest mismatch)");
            }
            JsonNode g = gpu.claims();
            nonce(name + " token", g, nonceHex);
            String serial = gpus.get(index).chain().get(0).getSerialNumber().toString();
            if (!g.path("ueid").isTextual() || !serial.equals(g.path("ueid").textValue())) {
                throw new GeneralSecurityException(name + " token speaks for the GPU with ueid '"
                        + g.path("ueid").asText("(none)") + "', not for evidence_list[" + index + "], whose device"
                        + " certificate's serial is " + serial);
            }
            if (!"success".equals(g.path("measres").asText())) {
                throw new GeneralSecurityException(name + ": measurement result is '" + g.path("measres").asText()
                        + "', not success");
            }
            if (!g.path("secboot").isBoolean() || !g.path("secboot").booleanValue()) {
                throw new GeneralSecurityException(name + ": secure boot is '" + g.path("secboot").asText("(none)")
                        + "', not true");
            }
            if (!"disabled".equals(g.path("dbgstat").asText())) {
                throw new GeneralSecurityException(name + ": debug status is '" + g.path("dbgstat").asText()
                        + "', not disabled");
            }
        }
        return "overall and " + answer.gpus().size() + " GPU tokens signed by NRAS keys certified under "
                + trust.anchors().get(0).getSubjectX500Principal().getName() + ", current at " + at
                + "; result true; each GPU token names its evidence (ueid) and our nonce; measurements success, secure"
                + " boot on, debug disabled";
    }

    private static int index(String name, int count) throws GeneralSecurityException {
        if (name.startsWith("GPU-")) {
            String digits = name.substring(4);
            if (digits.matches("0|[1-9][0-9]{0,3}")) {
                int i = Integer.parseInt(digits);
                if (i < count) {
                    return i;
                }
            }
        }
        throw new GeneralSecurityException("NRAS answered for '" + name + "', which is none of GPU-0 to GPU-"
                + (count - 1));
    }

    private static void token(String what, Jwt jwt, Jwks jwks, NrasTrust trust, Instant at,
                              Map<String, PublicKey> trusted) throws GeneralSecurityException {
        if (!"ES384".equals(jwt.header().path("alg").asText())) {
            throw new SignatureException(what + " is not ES384-signed (alg " + jwt.header().path("alg").asText("(none)")
                    + ")");
        }
        String kid = jwt.header().path("kid").asText("");
        PublicKey key = trusted.get(kid);
        if (key == null) {
            key = trustedKey(kid, jwks, trust, at);
            trusted.put(kid, key);
        }
        if (jwt.signature().length != 96 || !EcKeys.verifyP384(key, jwt.signingInput(), jwt.signature())) {
            throw new SignatureException(what + " signature does not verify");
        }
        JsonNode c = jwt.claims();
        if (!trust.issuer().equals(c.path("iss").asText(null))) {
            throw new GeneralSecurityException(what + " is issued by '" + c.path("iss").asText("(none)") + "', not "
                    + trust.issuer());
        }
        Instant exp = time(what, c, "exp");
        Instant nbf = time(what, c, "nbf");
        Instant iat = time(what, c, "iat");
        if (!at.isBefore(exp)) {
            throw new GeneralSecurityException(what + " expired at " + exp + " (exp)");
        }
        if (at.isBefore(nbf)) {
            throw new GeneralSecurityException(what + " is not valid before " + nbf + " (nbf)");
        }
        if (at.isBefore(iat)) {
            throw new GeneralSecurityException(what + " was issued at " + iat + " (iat), after the verification time "
                    + at);
        }
    }

    /** The key {@code kid}, once its x5c chain validated to a pinned NRAS intermediate at {@code at}. */
    private static PublicKey trustedKey(String kid, Jwks jwks, NrasTrust trust, Instant at)
            throws GeneralSecurityException {
        Jwks.Key k = jwks.find(kid).orElseThrow(() ->
                new SignatureException("a token is signed by key '" + kid + "', which is not in the key set"));
        if (k.alg() != null && !k.alg().equals("ES384")) {
            throw new SignatureException("NRAS key '" + kid + "' is for " + k.alg() + ", not ES384");
        }
        if (k.x5c().isEmpty()) {
            throw new SignatureException("NRAS key '" + kid + "' has no x5c certificate chain: nothing ties it to"
                    + " NVIDIA");
        }
        try {
            ChainValidator.validate(k.x5c(), NvidiaChains.NRAS_SIGNING, trust.anchors(), at);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("NRAS key '" + kid + "': " + e.getMessage());
        }
        return k.publicKey();
    }

    private static Instant time(String what, JsonNode claims, String claim) throws GeneralSecurityException {
        JsonNode v = claims.path(claim);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new GeneralSecurityException(what + " has no " + claim + " (a NumericDate is required)");
        }
        return Instant.ofEpochSecond(v.longValue());
    }

    private static void nonce(String what, JsonNode claims, String nonceHex) throws GeneralSecurityException {
        if (!nonceHex.equalsIgnoreCase(claims.path("eat_nonce").asText(""))) {
            throw new GeneralSecurityException(what + " carries another nonce (eat_nonce)");
        }
    }
}
