package io.venice.e2ee.attestation.pki;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
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
