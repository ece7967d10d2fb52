package io.venice.e2ee.testing.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The two NIST curves of the attestation PKIs, each with the ECDSA hash its certificates use: P-256 with SHA-256
 * (Intel's PCK, TCB signing and quote keys) and P-384 with SHA-384 (NVIDIA's device keys).
 */
public enum Curve {
    /** secp256r1, signed with SHA-256. */
    P256("secp256r1", "SHA256withECDSA", 32),
    /** secp384r1, signed with SHA-384. */
    P384("secp384r1", "SHA384withECDSA", 48);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String jdkName;
    private final String signatureAlgorithm;
    private final int coordinateSize;

    Curve(String jdkName, String signatureAlgorithm, int coordinateSize) {
        this.jdkName = jdkName;
        this.signatureAlgorithm = signatureAlgorithm;
        this.coordinateSize = coordinateSize;
    }

    /** The JDK's name of the curve, e.g. {@code secp256r1}. */
    public String jdkName() {
        return jdkName;
    }

    /** The JDK signature algorithm certificates issued with a key on this curve use, e.g. {@code SHA256withECDSA}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** A fresh key pair. */
    public KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(jdkName), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + jdkName + " keys", e);
        }
    }

    /** The raw ECDSA signature r ‖ s (each coordinate-sized) of {@code data} by {@code key}, with this curve's hash. */
    public byte[] signRaw(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(signatureAlgorithm + "inP1363Format");
            s.initSign(key, RANDOM);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + signatureAlgorithm, e);
        }
    }

    /** The public key's X ‖ Y, each coordinate-sized (64 bytes on P-256, 96 on P-384). */
    public byte[] rawPublicKey(PublicKey key) {
        ECPublicKey ec = (ECPublicKey) key;
        byte[] out = new byte[2 * coordinateSize];
        fixed(ec.getW().getAffineX(), out, 0);
        fixed(ec.getW().getAffineY(), out, coordinateSize);
        return out;
    }

    private void fixed(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, coordinateSize);
        System.arraycopy(b, b.length - len, out, offset + coordinateSize - len, len);
    }
}
