package io.venice.e2ee.spi;

/** HKDF-SHA256 (RFC 5869): extract with a salt, then expand with an info string. Thread-safe. */
public interface Kdf {
    /** Maximum output length of HKDF-SHA256 (255 blocks of 32 bytes). */
    int MAX_OUTPUT_LENGTH = 255 * 32;

    /**
     * Fills {@code out} with HKDF-SHA256 output.
     *
     * @param salt the salt; {@code null} or empty means 32 zero bytes, as RFC 5869 says
     * @param ikm  input keying material
     * @param info context string; {@code null} means empty
     * @param out  receives {@code out.length} bytes (1 to {@link #MAX_OUTPUT_LENGTH})
     */
    void derive(byte[] salt, byte[] ikm, byte[] info, byte[] out);

    /** Convenience form returning a new array of {@code length} bytes. */
    default byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 1 || length > MAX_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT_LENGTH
                    + ", got " + length);
        }
        byte[] out = new byte[length];
        derive(salt, ikm, info, out);
        return out;
    }
}
