package io.venice.e2ee.crypto;

/**
 * Fast hexadecimal codec: table lookups, no regular expressions, no per-character allocation.
 * Encodes lower-case; decodes lower- and upper-case; never accepts a {@code 0x} prefix.
 */
public final class Hex {
    private static final byte[] LOWER = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Nibble value of each ASCII character, or -1. */
    private static final byte[] NIBBLE = new byte[128];

    static {
        java.util.Arrays.fill(NIBBLE, (byte) -1);
        for (int i = 0; i < 10; i++) {
            NIBBLE['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            NIBBLE['a' + i] = (byte) (10 + i);
            NIBBLE['A' + i] = (byte) (10 + i);
        }
    }

    private Hex() {
    }

    /** Lower-case hex of all of {@code bytes}. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /** Lower-case hex of {@code bytes[offset, offset+length)}. */
    public static String encode(byte[] bytes, int offset, int length) {
        byte[] out = new byte[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = LOWER[b >>> 4];
            out[2 * i + 1] = LOWER[b & 0x0f];
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes hex text into a new array.
     *
     * @throws InvalidHexException on an odd length or a non-hex character (the message gives the index only)
     */
    public static byte[] decode(CharSequence hex) {
        int n = hex.length();
        if ((n & 1) != 0) {
            throw new InvalidHexException("odd number of hex digits (" + n + ")", -1);
        }
        byte[] out = new byte[n >>> 1];
        decode(hex, 0, n, out, 0);
        return out;
    }

    /**
     * Decodes {@code hex[from, to)} (an even number of digits) into {@code out} at {@code outOffset}.
     *
     * @throws InvalidHexException on an odd length or a non-hex character
     */
    public static void decode(CharSequence hex, int from, int to, byte[] out, int outOffset) {
        if (((to - from) & 1) != 0) {
            throw new InvalidHexException("odd number of hex digits (" + (to - from) + ")", -1);
        }
        int o = outOffset;
        for (int i = from; i < to; i += 2) {
            int hi = nibble(hex.charAt(i));
            int lo = nibble(hex.charAt(i + 1));
            if ((hi | lo) < 0) {
                int bad = hi < 0 ? i : i + 1;
                throw new InvalidHexException("character at index " + (bad - from) + " is not a hex digit", bad - from);
            }
            out[o++] = (byte) ((hi << 4) | lo);
        }
    }

    /** Decodes ASCII hex bytes {@code hex[from, to)} into {@code out} at {@code outOffset} (for byte-level parsers). */
    public static void decode(byte[] hex, int from, int to, byte[] out, int outOffset) {
        if (((to - from) & 1) != 0) {
            throw new InvalidHexException("odd number of hex digits (" + (to - from) + ")", -1);
        }
        int o = outOffset;
        for (int i = from; i < to; i += 2) {
            int hi = nibble((char) (hex[i] & 0xff));
            int lo = nibble((char) (hex[i + 1] & 0xff));
            if ((hi | lo) < 0) {
                int bad = hi < 0 ? i : i + 1;
                throw new InvalidHexException("character at index " + (bad - from) + " is not a hex digit", bad - from);
            }
            out[o++] = (byte) ((hi << 4) | lo);
        }
    }

    /** Whether every character of {@code s} is a hex digit and the length is even and non-zero. */
    public static boolean isHex(CharSequence s) {
        int n = s.length();
        if (n == 0 || (n & 1) != 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (nibble(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int nibble(char c) {
        return c < 128 ? NIBBLE[c] : -1;
    }
}
