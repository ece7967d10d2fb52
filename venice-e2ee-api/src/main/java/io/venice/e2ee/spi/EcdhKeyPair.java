package io.venice.e2ee.spi;

/**
 * A secp256k1 key pair ready for repeated agreements; the private part is zero-filled on {@link #close()}.
 *
 * <p>Implementations keep whatever engine-specific form makes {@link #sharedSecretX} fast, and are safe to use
 * from several threads at once.
 */
public interface EcdhKeyPair extends AutoCloseable {
    /** The uncompressed public key, 65 bytes starting {@code 04} (a fresh copy). */
    byte[] publicKey();

    /** A copy of the private scalar; the caller must close it. */
    SecretBytes privateKey();

    /**
     * Writes the 32-byte big-endian X coordinate of {@code privateKey * peer} into {@code out} at {@code outOffset},
     * after validating the 65-byte uncompressed peer point read from {@code peer} at {@code peerOffset}.
     *
     * @throws InvalidPeerKeyException if the peer point is refused (the message names the check, never the key)
     */
    void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException;

    /** Convenience form of {@link #sharedSecretX(byte[], int, byte[], int)} returning a new 32-byte array. */
    default byte[] sharedSecretX(byte[] peer) throws InvalidPeerKeyException {
        if (peer == null || peer.length != EcdhKeyAgreement.PUBLIC_KEY_LENGTH) {
            throw new InvalidPeerKeyException("peer public key must be 65 bytes (uncompressed), got "
                    + (peer == null ? "none" : peer.length + " bytes"));
        }
        byte[] out = new byte[EcdhKeyAgreement.SHARED_SECRET_LENGTH];
        sharedSecretX(peer, 0, out, 0);
        return out;
    }

    /** Zero-fills the private key material. Idempotent; later agreements throw {@link IllegalStateException}. */
    @Override
    void close();
}
