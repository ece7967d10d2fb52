package io.venice.e2ee.crypto;

import java.util.HexFormat;

/**
 * Hexadecimal text, on the JDK's {@link HexFormat}: encodes lower-case; decodes lower- and upper-case; never accepts
 * a {@code 0x} prefix. What this adds is the typed refusal: an {@link InvalidHexException} that gives the position of
 * the problem, never the text (which may be key material). {@code HexFormat} measured as fast as or faster than a
 * hand-written table codec, on the envelope's decode too ({@code docs/performance.md}).
 */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    /** Lower-case hex of all of {@code bytes}. */
    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** Lower-case hex of {@code bytes[offset, offset+length)}. */
    public static String encode(byte[] bytes, int offset, int length) {
        return FORMAT.formatHex(bytes, offset, offset + length);
    }

    /**
     * Decodes hex text into a new array.
     *
     * @throws InvalidHexException on an odd length or a non-hex character (the message gives the index only)
     */
    public static byte[] decode(CharSequence hex) {
        return decode(hex, 0, hex.length());
    }

    /**
     * Decodes {@code hex[from, to)} into a new array.
     *
     * @throws InvalidHexException on an odd length or a non-hex character (the index is relative to {@code from})
     */
    public static byte[] decode(CharSequence hex, int from, int to) {
        if (((to - from) & 1) != 0) {
            throw new InvalidHexException("odd number of hex digits (" + (to - from) + ")", -1);
        }
        try {
            return FORMAT.parseHex(hex, from, to);
        } catch (IllegalArgumentException e) {
            // HexFormat's message quotes the character it refused; the refusal here names its position only
            throw badCharacter(hex, from, to);
        }
    }

    /** Whether every character of {@code s} is a hex digit and the length is even and non-zero. */
    public static boolean isHex(CharSequence s) {
        int n = s.length();
        if (n == 0 || (n & 1) != 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static InvalidHexException badCharacter(CharSequence hex, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!HexFormat.isHexDigit(hex.charAt(i))) {
                return new InvalidHexException("character at index " + (i - from) + " is not a hex digit", i - from);
            }
        }
        throw new IllegalStateException("HexFormat refused text made of hex digits only");
    }
}
