package io.venice.e2ee.spi;

/**
 * secp256k1 elliptic-curve Diffie-Hellman.
 *
 * <p>Every implementation must (1) validate each peer point with {@code io.venice.e2ee.crypto.Secp256k1} (65 bytes,
 * prefix {@code 04}, coordinates below p, on the curve, not infinity) before using it, and (2) never multiply by a private scalar with a plain variable-time multiply:
 * use the engine's protected path or scalar blinding. Implementations are thread-safe.
 */
public interface EcdhKeyAgreement {
    /** Length of the private scalar in bytes. */
    int PRIVATE_KEY_LENGTH = 32;
    /** Length of an uncompressed public key ({@code 04 || X || Y}) in bytes. */
    int PUBLIC_KEY_LENGTH = 65;
    /** Length of the shared X coordinate in bytes. */
    int SHARED_SECRET_LENGTH = 32;

    /** A fresh key pair from a {@link java.security.SecureRandom}. */
    EcdhKeyPair generateKeyPair();

    /**
     * The key pair of an existing private scalar (32 bytes big-endian, 1 &le; d &lt; n).
     *
     * @throws InvalidPrivateKeyException if the scalar is not 32 bytes or out of range (the message never shows it)
     */
    EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException;

    /**
     * One agreement with a fresh single-use key pair, as the sender of an envelope needs: validates the 65-byte peer
     * point read from {@code peer} at {@code peerOffset}, writes the X coordinate of e·peer into {@code out} at
     * {@code outOffset} for a fresh random scalar e, and returns e's 65-byte public key; e is then wiped.
     *
     * <p>A scalar that is multiplied once and never again gives a timing observer one trace of one random secret,
     * not the many traces of one key that make long-lived keys need blinding; implementations may therefore use a
     * single plain multiply here. The default makes a key pair and uses its (protected) agreement.
     *
     * @throws InvalidPeerKeyException if the peer point is refused (the message names the check, never the key)
     */
    default byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset)
            throws InvalidPeerKeyException {
        try (EcdhKeyPair ephemeral = generateKeyPair()) {
            ephemeral.sharedSecretX(peer, peerOffset, out, outOffset);
            return ephemeral.publicKey();
        }
    }

    /**
     * Validates an uncompressed public key without using it.
     *
     * @throws InvalidPeerKeyException naming the check that failed
     */
    void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException;
}
