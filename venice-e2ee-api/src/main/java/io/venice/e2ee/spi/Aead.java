package io.venice.e2ee.spi;

/**
 * AES-256-GCM with a caller-given 12-byte nonce and a 16-byte tag appended to the ciphertext. Thread-safe.
 *
 * <p>The caller must never reuse a (key, nonce) pair.
 */
public interface Aead {
    /** Key length in bytes. */
    int KEY_LENGTH = 32;
    /** Nonce length in bytes. */
    int NONCE_LENGTH = 12;
    /** Tag length in bytes. */
    int TAG_LENGTH = 16;

    /**
     * Encrypts {@code in[inOffset, inOffset+inLength)} into {@code out} at {@code outOffset} as ciphertext ‖ tag.
     *
     * @param aad associated data, or {@code null} for none
     * @return bytes written ({@code inLength + 16})
     */
    int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset);

    /**
     * Verifies the tag and decrypts ciphertext ‖ tag from {@code in} into {@code out} at {@code outOffset}.
     * No plaintext reaches {@code out} unless the tag verifies: on failure {@code out} is left as it was or
     * zero-filled (the JDK's own GCM decrypts into its output and clears it when the tag fails, from JDK 25 at least).
     *
     * @param aad associated data, or {@code null} for none
     * @return plaintext bytes written ({@code inLength - 16})
     * @throws AuthenticationFailedException if the tag does not verify or the input is shorter than a tag
     */
    int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset)
            throws AuthenticationFailedException;

    /** Convenience: seals {@code plaintext} with no associated data into a new array. */
    default byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        seal(key, nonce, null, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Convenience: opens ciphertext ‖ tag with no associated data into a new array. */
    default byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag) throws AuthenticationFailedException {
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new AuthenticationFailedException("ciphertext shorter than the 16-byte GCM tag");
        }
        byte[] out = new byte[ciphertextAndTag.length - TAG_LENGTH];
        open(key, nonce, null, ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
        return out;
    }

    /**
     * Checks a key and nonce for AES-256-GCM, for implementations.
     *
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    static void checkParameters(byte[] key, byte[] nonce) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AES-GCM nonce must be 12 bytes");
        }
    }
}
