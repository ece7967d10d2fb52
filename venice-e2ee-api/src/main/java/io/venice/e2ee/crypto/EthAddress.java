package io.venice.e2ee.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Ethereum-style address of a secp256k1 public key: the last 20 bytes of Keccak-256 over X ‖ Y (64 bytes).
 * Immutable value; compare with {@link #equals} or {@link #matches(String)} (case-insensitive).
 */
public final class EthAddress {
    private final byte[] bytes;

    private EthAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The address of a public key given as 65 bytes ({@code 04 || X || Y}) or 64 bytes ({@code X || Y}).
     *
     * @throws IllegalArgumentException on any other length or prefix
     */
    public static EthAddress ofPublicKey(byte[] publicKey) {
        int off;
        if (publicKey.length == 65 && publicKey[0] == 0x04) {
            off = 1;
        } else if (publicKey.length == 64) {
            off = 0;
        } else {
            throw new IllegalArgumentException("public key must be 65 bytes starting 04 or 64 bytes, got "
                    + publicKey.length + " bytes");
        }
        byte[] h = Keccak256.hash(publicKey, off, 64);
        byte[] a = new byte[20];
        System.arraycopy(h, 12, a, 0, 20);
        return new EthAddress(a);
    }

    /**
     * Parses {@code 0x} + 40 hex digits (any case; no checksum enforced, since servers send lower case too).
     *
     * @throws IllegalArgumentException if the text is not such an address
     */
    public static EthAddress parse(String text) {
        if (text == null || text.length() != 42 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            throw new IllegalArgumentException("an address is 0x followed by 40 hex digits");
        }
        return new EthAddress(Hex.decode(text.substring(2)));
    }

    /** The 20 address bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case form, {@code 0x} + 40 hex digits. */
    public String toLowerCase() {
        return "0x" + Hex.encode(bytes);
    }

    /** EIP-55 mixed-case checksum form. */
    public String toChecksum() {
        String lower = Hex.encode(bytes);
        byte[] h = Keccak256.hash(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder(42).append("0x");
        for (int i = 0; i < 40; i++) {
            char c = lower.charAt(i);
            int nibble = (h[i / 2] >>> (i % 2 == 0 ? 4 : 0)) & 0x0f;
            sb.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    /** Whether {@code text} names this address: 40 hex digits, optionally after {@code 0x}/{@code 0X}, any case. */
    public boolean matches(String text) {
        if (text == null) {
            return false;
        }
        String t = text.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        return Hex.encode(bytes).equalsIgnoreCase(t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EthAddress other && java.util.Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    /** The lower-case form. */
    @Override
    public String toString() {
        return toLowerCase();
    }
}
