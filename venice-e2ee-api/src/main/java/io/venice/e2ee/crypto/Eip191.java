package io.venice.e2ee.crypto;

import java.nio.charset.StandardCharsets;

/**
 * EIP-191 version {@code 0x45} ("personal_sign"), the form of Venice's response signatures: Keccak-256 of
 * {@code "\x19Ethereum Signed Message:\n" + decimal byte length + message}. Stated once here for the verifier, the
 * simulator's signer and the tests.
 */
public final class Eip191 {
    /** The prefix before the decimal length: {@code "\x19Ethereum Signed Message:\n"}. */
    public static final String PREFIX = "\u0019Ethereum Signed Message:\n";

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    private Eip191() {
    }

    /** The bytes that are hashed and signed: prefix, the decimal length of {@code message}, then {@code message}. */
    public static byte[] signedBytes(byte[] message) {
        byte[] length = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[PREFIX_BYTES.length + length.length + message.length];
        System.arraycopy(PREFIX_BYTES, 0, out, 0, PREFIX_BYTES.length);
        System.arraycopy(length, 0, out, PREFIX_BYTES.length, length.length);
        System.arraycopy(message, 0, out, PREFIX_BYTES.length + length.length, message.length);
        return out;
    }

    /** The 32-byte hash a {@code personal_sign} signature of {@code message} signs. */
    public static byte[] hash(byte[] message) {
        return Keccak256.hash(signedBytes(message));
    }

    /** The 32-byte hash a {@code personal_sign} signature of {@code text} (as UTF-8) signs. */
    public static byte[] hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }
}
