package io.venice.e2ee.spi;

/** secp256k1 ECDSA public-key recovery (as Ethereum's {@code ecrecover}). Thread-safe. */
public interface SignatureRecovery {
    /**
     * Recovers the uncompressed public key (65 bytes) that produced signature (r, s) over {@code hash32}.
     *
     * @param hash32     the 32-byte message hash that was signed
     * @param signature  64 bytes r ‖ s, big-endian
     * @param recoveryId 0 or 1 (Ethereum's v minus 27), 2 or 3 accepted where the engine supports them
     * @throws InvalidSignatureException if no valid key can be recovered (r or s out of range, no point for r)
     */
    byte[] recoverPublicKey(byte[] hash32, byte[] signature, int recoveryId) throws InvalidSignatureException;

    /**
     * Checks the form of {@link #recoverPublicKey}'s arguments, for implementations.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static void checkArguments(byte[] hash32, byte[] signature, int recoveryId) {
        if (hash32 == null || hash32.length != 32) {
            throw new IllegalArgumentException("message hash must be 32 bytes");
        }
        if (signature == null || signature.length != 64) {
            throw new IllegalArgumentException("signature must be 64 bytes r || s, got "
                    + (signature == null ? "none" : signature.length + " bytes"));
        }
        if (recoveryId < 0 || recoveryId > 3) {
            throw new IllegalArgumentException("recovery id must be 0..3 (v - 27), got " + recoveryId);
        }
    }
}
