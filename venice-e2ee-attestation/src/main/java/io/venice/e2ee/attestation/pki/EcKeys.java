package io.venice.e2ee.attestation.pki;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** ECDSA on NIST curves with raw keys and raw r ‖ s signatures, on the JDK's own provider. */
public final class EcKeys {
    private EcKeys() {
    }

    /** A P-256 public key from X ‖ Y (64 bytes). */
    public static PublicKey p256(byte[] xy) throws GeneralSecurityException {
        return publicKey("secp256r1", xy, 32);
    }

    /** A P-384 public key from X ‖ Y (96 bytes). */
    public static PublicKey p384(byte[] xy) throws GeneralSecurityException {
        return publicKey("secp384r1", xy, 48);
    }

    /** A public key on {@code curve} ({@code secp256r1} or {@code secp384r1}) from X ‖ Y. */
    public static PublicKey publicKey(String curve, byte[] xy, int coordinateSize) throws GeneralSecurityException {
        if (xy.length != 2 * coordinateSize) {
            throw new java.security.spec.InvalidKeySpecException("an EC public key on " + curve + " is "
                    + 2 * coordinateSize + " bytes X ‖ Y, got " + xy.length);
        }
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(xy, 0, coordinateSize)),
                new BigInteger(1, Arrays.copyOfRange(xy, coordinateSize, xy.length)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    }

    /** Whether {@code sig} (raw r ‖ s) is a valid ECDSA-SHA-256 signature of {@code data} by {@code key}. */
    public static boolean verifyP256(PublicKey key, byte[] data, byte[] sig) throws GeneralSecurityException {
        return verify("SHA256withECDSAinP1363Format", key, data, sig);
    }

    /** Whether {@code sig} (raw r ‖ s) is a valid ECDSA-SHA-384 signature of {@code data} by {@code key}. */
    public static boolean verifyP384(PublicKey key, byte[] data, byte[] sig) throws GeneralSecurityException {
        return verify("SHA384withECDSAinP1363Format", key, data, sig);
    }

    /** The raw ECDSA-SHA-256 signature r ‖ s (64 bytes) of {@code data} by the P-256 key {@code key}. */
    public static byte[] signP256(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /** X ‖ Y (64 bytes) of the P-256 public key {@code key}. */
    public static byte[] rawP256(PublicKey key) throws GeneralSecurityException {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new java.security.InvalidKeyException("not a P-256 public key");
        }
        byte[] out = new byte[64];
        fixed(ec.getW().getAffineX(), out, 0);
        fixed(ec.getW().getAffineY(), out, 32);
        return out;
    }

    private static void fixed(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }

    private static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] sig)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initVerify(key);
        s.update(data);
        try {
            return s.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
