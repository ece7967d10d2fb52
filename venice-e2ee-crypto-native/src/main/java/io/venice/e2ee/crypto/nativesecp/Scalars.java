package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.InvalidPeerKeyException;

/** secp256k1 constants and the checks on 32-byte scalars and 65-byte points made before any native call. */
final class Scalars {
    /** The group order n, big-endian. */
    static final byte[] ORDER = io.venice.e2ee.crypto.Hex.decode(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private Scalars() {
    }

    /** Whether {@code s} (32 bytes, big-endian) is in 1..n-1; runs in time independent of the value. */
    static boolean inRange(byte[] s) {
        int nonZero = 0;
        // borrow of s - n, computed over every byte: s < n exactly when the subtraction borrows
        int borrow = 0;
        for (int i = 31; i >= 0; i--) {
            int diff = (s[i] & 0xff) - (ORDER[i] & 0xff) - borrow;
            borrow = (diff >> 31) & 1;
            nonZero |= s[i];
        }
        return nonZero != 0 && borrow == 1;
    }

    /**
     * Checks the form of an uncompressed point before the library parses it: room for 65 bytes and prefix 04. The
     * library itself also accepts the compressed (02/03) and hybrid (06/07) forms, which the protocol refuses.
     */
    static void checkUncompressedForm(byte[] buf, int offset) throws InvalidPeerKeyException {
        if (buf == null || offset < 0 || buf.length - offset < 65) {
            throw new InvalidPeerKeyException("public key must be 65 bytes (uncompressed)");
        }
        int prefix = buf[offset] & 0xff;
        switch (prefix) {
            case 0x04 -> {
            }
            case 0x00 -> throw new InvalidPeerKeyException("public key is the point at infinity");
            case 0x02, 0x03 -> throw new InvalidPeerKeyException(
                    "public key is compressed (prefix 02/03); it must be uncompressed (prefix 04)");
            case 0x06, 0x07 -> throw new InvalidPeerKeyException(
                    "public key is in the hybrid form (prefix 06/07); it must be uncompressed (prefix 04)");
            default -> throw new InvalidPeerKeyException("public key is not uncompressed (prefix must be 04)");
        }
    }
}
