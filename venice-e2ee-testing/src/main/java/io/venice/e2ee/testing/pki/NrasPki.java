package io.venice.e2ee.testing.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A PKI and token signer shaped like NVIDIA's remote attestation service (NRAS): an RSA-2048 intermediate (the
 * certificate a verifier pins), an EC P-384 signing certificate it issues (RSA-signed, as NVIDIA's are), a JWKS
 * publishing that key with its {@code x5c} chain, and ES384 tokens in NRAS's answer shape
 * ({@code [["JWT", overall], {"GPU-0": token, ...}]}) with NRAS's claims. Every part can be edited to forge one defect.
 */
public final class NrasPki {
    /** The issuer the tokens name unless edited. */
    public static final String ISSUER = "https://nras.test.venice-e2ee.invalid";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Issued intermediate;
    private final Issued signer;
    private final String kid;

    private NrasPki(Instant from, Instant to, Instant signerFrom, Instant signerTo, String kid) {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair caKeys = rsa.generateKeyPair();
            this.intermediate = new Issued(CertificateBuilder.subject("CN=Test NRAS GPU Intermediate,O=venice-e2ee"
                    + " tests (not NVIDIA)", caKeys.getPublic()).selfSigned(caKeys).validity(from, to).ca(0).build(),
                    caKeys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
        KeyPair keys = Curve.P384.generate();
        this.signer = new Issued(CertificateBuilder.subject("CN=Test NRAS GPU Signer,O=venice-e2ee tests (not NVIDIA)",
                keys.getPublic()).issuedBy(intermediate).validity(signerFrom, signerTo).build(), keys);
        this.kid = Objects.requireNonNull(kid, "kid");
    }

    /** A fresh PKI whose certificates are valid from {@code from} to {@code to}, signing as key {@code kid}. */
    public static NrasPki create(Instant from, Instant to, String kid) {
        return new NrasPki(from, to, from, to, kid);
    }

    /**
     * A fresh PKI whose intermediate is valid from {@code from} to {@code to} and whose signing certificate from
     * {@code signerFrom} to {@code signerTo}, signing as key {@code kid}.
     */
    public static NrasPki create(Instant from, Instant to, Instant signerFrom, Instant signerTo, String kid) {
        return new NrasPki(from, to, signerFrom, signerTo, kid);
    }

    /** The intermediate, to pin. */
    public Issued intermediate() {
        return intermediate;
    }

    /** The token signing certificate. */
    public Issued signer() {
        return signer;
    }

    /** The signing key's id. */
    public String kid() {
        return kid;
    }

    /** The key set: the signing key as an EC P-384 JWK with {@code x5c} [signer, intermediate]. */
    public String jwks() {
        return jwks(k -> { });
    }

    /** The key set with {@code edit} applied to the signing key's JWK. */
    public String jwks(Consumer<ObjectNode> edit) {
        byte[] xy = Curve.P384.rawPublicKey(signer.keys().getPublic());
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode k = root.putArray("keys").addObject();
        k.put("kty", "EC").put("crv", "P-384").put("kid", kid)
                .put("x", url.encodeToString(java.util.Arrays.copyOfRange(xy, 0, 48)))
                .put("y", url.encodeToString(java.util.Arrays.copyOfRange(xy, 48, 96)));
        ArrayNode x5c = k.putArray("x5c");
        x5c.add(der(signer.certificate()));
        x5c.add(der(intermediate.certificate()));
        edit.accept(k);
        return root.toString();
    }

    /** A compact ES384 JWS of {@code claims} with header {@code {"kid", "alg": "ES384"}} edited by {@code header}. */
    public String token(ObjectNode claims, Consumer<ObjectNode> header) {
        ObjectNode h = JSON.createObjectNode().put("kid", kid).put("alg", "ES384");
        header.accept(h);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(h.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        byte[] sig = Curve.P384.signRaw(signer.keys().getPrivate(), input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + url.encodeToString(sig);
    }

    /**
     * An NRAS answer for GPUs whose device certificates have {@code serials} (in evidence order), for {@code nonceHex},
     * issued at {@code issuedAt} and valid an hour; {@code overall} edits the overall token's claims after the GPU
     * tokens are named in them, {@code gpu} edits each GPU token's claims (with its index) before it is signed.
     */
    public String answer(String nonceHex, List<BigInteger> serials, Instant issuedAt, Consumer<ObjectNode> overall,
                         BiConsumer<Integer, ObjectNode> gpu) {
        ObjectNode gpus = JSON.createObjectNode();
        ObjectNode submods = JSON.createObjectNode();
        for (int i = 0; i < serials.size(); i++) {
            ObjectNode c = times(JSON.createObjectNode(), issuedAt).put("iss", ISSUER).put("eat_nonce", nonceHex)
                    .put("ueid", serials.get(i).toString()).put("hwmodel", "GH100").put("measres", "success")
                    .put("secboot", true).put("dbgstat", "disabled");
            gpu.accept(i, c);
            String token = token(c, h -> { });
            gpus.put("GPU-" + i, token);
            ArrayNode digest = submods.putArray("GPU-" + i);
            digest.add("DIGEST");
            digest.addArray().add("SHA-256").add(sha256Hex(token));
        }
        ObjectNode o = times(JSON.createObjectNode(), issuedAt).put("iss", ISSUER).put("sub",
                "NVIDIA-PLATFORM-ATTESTATION").put("eat_nonce", nonceHex).put("x-nvidia-ver", "2.0")
                .put("x-nvidia-overall-att-result", true);
        o.set("submods", submods);
        overall.accept(o);
        ArrayNode answer = JSON.createArrayNode();
        answer.addArray().add("JWT").add(token(o, h -> { }));
        answer.add(gpus);
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode times(ObjectNode claims, Instant issuedAt) {
        long t = issuedAt.getEpochSecond();
        return claims.put("iat", t).put("nbf", t).put("exp", t + 3600).put("jti", java.util.UUID.randomUUID()
                .toString());
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String der(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
