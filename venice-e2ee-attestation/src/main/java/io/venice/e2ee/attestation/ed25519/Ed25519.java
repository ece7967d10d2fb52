package io.venice.e2ee.attestation.ed25519;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/**
 * Ed25519 signature verification (RFC 8032) on the JDK's own engine ({@code SunEC}, JDK 15+), for the keys and
 * signatures ACI and NEAR serve as raw bytes: a 32-byte public key and a 64-byte signature R ‖ S. The JDK refuses a
 * public key that is not a point and a signature whose S is not below the group order.
 */
public final class Ed25519 {
    /** Length of a public key in bytes. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Length of a signature in bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    /** DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) up to the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message} by {@code publicKey}. A key or
     * signature of the wrong length, or a key that is not a point of the curve, is not valid.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH || signature == null
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(publicKey(publicKey));
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the engine refuses keys that are not points, and signatures out of range, by throwing
            return false;
        }
    }

    /**
     * The JDK public key for 32 raw key bytes.
     *
     * @throws GeneralSecurityException when the bytes are not an Ed25519 public key
     */
    public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != PUBLIC_KEY_LENGTH) {
            throw new java.security.InvalidKeyException("an Ed25519 public key is 32 bytes, got " + raw.length);
        }
        byte[] der = new byte[SPKI_PREFIX.length + PUBLIC_KEY_LENGTH];
        System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, PUBLIC_KEY_LENGTH);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }
}
