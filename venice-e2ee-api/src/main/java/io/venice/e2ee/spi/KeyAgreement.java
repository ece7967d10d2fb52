package io.venice.e2ee.spi;

/**
 * secp256k1 elliptic-curve Diffie-Hellman.
 *
 * <p>Every implementation must (1) validate each peer point (65 bytes, prefix {@code 04}, on the curve, not
 * infinity) before using it, and (2) never multiply by a private scalar with a plain variable-time multiply:
 * use the engine's protected path or scalar blinding. Implementations are thread-safe.
 */
public interface KeyAgreement {
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
     * @throws InvalidPeerKeyException if the scalar is out of range (the message never shows it)
     */
    EcdhKeyPair keyPair(SecretKey privateKey) throws InvalidPeerKeyException;

    /**
     * Validates an uncompressed public key without using it.
     *
     * @throws InvalidPeerKeyException naming the check that failed
     */
    void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException;
}
