package io.venice.e2ee.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes one text field of a stream, whose UTF-8 bytes arrive in pieces (one envelope per chunk), into text: a
 * character split across two pieces comes out whole, because the bytes of an unfinished character at the end of a
 * piece wait for the next one. Malformed bytes become U+FFFD, as the JDK's decoder makes them. Used in stream order by
 * one thread at a time.
 */
final class Utf8Stream {
    private static final byte[] NONE = new byte[0];

    /** The first 1 to 3 bytes of a character the last piece ended inside, or none. */
    private byte[] pending = NONE;

    /** The text {@code piece} completes: held-back bytes first, the bytes of an unfinished last character kept. */
    String next(byte[] piece) {
        byte[] all = piece;
        if (pending.length > 0) {
            all = Arrays.copyOf(pending, pending.length + piece.length);
            System.arraycopy(piece, 0, all, pending.length, piece.length);
        }
        int complete = completeLength(all);
        pending = complete == all.length ? NONE : Arrays.copyOfRange(all, complete, all.length);
        return complete == 0 ? "" : new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Whether the last piece ended inside a character. */
    boolean unfinished() {
        return pending.length > 0;
    }

    /**
     * The length of the longest prefix of {@code b} that does not end inside a character: the bytes after it are
     * the lead byte of a multi-byte character and fewer continuation bytes than it announces.
     */
    static int completeLength(byte[] b) {
        int n = b.length;
        int i = n - 1;
        int continuations = 0;
        while (i >= 0 && continuations < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            continuations++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xC2 && lead <= 0xDF ? 2 : 1;
        return length > 1 && n - i < length ? i : n;
    }
}
