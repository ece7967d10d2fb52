package io.venice.e2ee.attestation.aci;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.jcs.Jcs;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The E2EE v2 field vectors of {@code aci/vectors} (DERIVED from the specification, not published upstream): this
 * project does not speak E2EE v2, since Venice does not expose it, but each vector is recomputed end to end (X25519 on
 * the JDK, secp256k1 on BouncyCastle, HKDF-SHA256, AES-256-GCM) with its AAD built as JCS here, and the legacy
 * encryption of the same inputs without AAD.
 */
class AciE2eeV2VectorsTest {
    private static final JsonNode V = TestVectors.json("aci/vectors/e2ee_v2_field_vectors.DERIVED.json");

    @Test
    void x25519Field() throws Exception {
        JsonNode x = V.path("x25519");
        KeyFactory kf = KeyFactory.getInstance("X25519");
        PrivateKey eph = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                Hex.decode(x.path("ephemeral_secret").asText())));
        assertThat(Hex.encode(x25519(eph, BigInteger.valueOf(9)))).isEqualTo(x.path("ephemeral_pub").asText());
        PrivateKey service = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                Hex.decode(x.path("service_seed").asText())));
        assertThat(Hex.encode(x25519(service, BigInteger.valueOf(9)))).isEqualTo(x.path("service_pub").asText());
        byte[] shared = x25519(eph, littleEndian(Hex.decode(x.path("service_pub").asText())));
        assertThat(Hex.encode(shared)).isEqualTo(x.path("shared_secret").asText());
        check(x, shared, aad(x.path("algo").asText()));
    }

    @Test
    void secp256k1Field() throws Exception {
        JsonNode s = V.path("secp256k1");
        X9ECParameters k1 = SECNamedCurves.getByName("secp256k1");
        BigInteger eph = new BigInteger(1, Hex.decode(s.path("ephemeral_scalar").asText()));
        assertThat(Hex.encode(k1.getG().multiply(eph).normalize().getEncoded(false)))
                .isEqualTo(s.path("ephemeral_pub").asText());
        ECPoint service = k1.getCurve().decodePoint(Hex.decode(s.path("service_pub").asText()));
        byte[] x = fixed32(service.multiply(eph).normalize().getAffineXCoord().toBigInteger());
        assertThat(Hex.encode(x)).isEqualTo(s.path("shared_secret_x").asText());
        check(s, x, aad(s.path("algo").asText()));
        // the legacy (Venice) encryption of the same inputs: info ecdsa_encryption, no AAD
        JsonNode legacy = V.path("legacy_venice_v1_same_inputs");
        assertThat(legacy.path("aad").isNull()).isTrue();
        byte[] key = hkdf(x, legacy.path("hkdf_info").asText());
        assertThat(Hex.encode(key)).isEqualTo(legacy.path("aes_key").asText());
        assertThat(Hex.encode(seal(key, s.path("ephemeral_pub").asText(), null)))
                .isEqualTo(legacy.path("wire_hex").asText());
    }

    private static void check(JsonNode suite, byte[] shared, byte[] aad) throws Exception {
        assertThat(new String(aad, StandardCharsets.UTF_8)).isEqualTo(suite.path("aad").asText());
        byte[] key = hkdf(shared, suite.path("hkdf_info").asText());
        assertThat(Hex.encode(key)).isEqualTo(suite.path("aes_key").asText());
        assertThat(Hex.encode(seal(key, suite.path("ephemeral_pub").asText(), aad)))
                .isEqualTo(suite.path("wire_hex").asText());
    }

    private static byte[] aad(String algo) {
        return Jcs.canonicalize(Json.object().put("purpose", "aci.e2ee.request.v2").put("algo", algo)
                .put("model", V.path("model").asText()).put("field", V.path("field").asText())
                .put("nonce", V.path("request_nonce").asText()).put("ts", V.path("ts").longValue()),
                Jcs.Numbers.EXACT_INTEGERS);
    }

    private static byte[] seal(byte[] key, String ephemeralPub, byte[] aad) throws Exception {
        byte[] iv = Hex.decode(V.path("aes_gcm_nonce").asText());
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        if (aad != null) {
            c.updateAAD(aad);
        }
        byte[] ct = c.doFinal(V.path("plaintext").asText().getBytes(StandardCharsets.UTF_8));
        byte[] eph = Hex.decode(ephemeralPub);
        byte[] out = Arrays.copyOf(eph, eph.length + iv.length + ct.length);
        System.arraycopy(iv, 0, out, eph.length, iv.length);
        System.arraycopy(ct, 0, out, eph.length + iv.length, ct.length);
        return out;
    }

    /** HKDF-SHA256 (RFC 5869) with no salt, 32 bytes out. */
    private static byte[] hkdf(byte[] ikm, String info) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        return mac.doFinal();
    }

    private static byte[] x25519(PrivateKey key, BigInteger u) throws Exception {
        PublicKey peer = KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                u));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(key);
        ka.doPhase(peer, true);
        return ka.generateSecret();
    }

    private static BigInteger littleEndian(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
        return out;
    }
}
