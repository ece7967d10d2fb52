package io.venice.e2ee.chat;

import io.venice.e2ee.crypto.Hex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of an exchange's exact bytes, for checking a response signature's hashes: updated with the response body
 * as it arrives, so the bytes themselves are not kept, unless asked to (for an audit bundle: then up to a limit).
 * Used by one thread at a time.
 */
final class ResponseDigest {
    private final MessageDigest sha256 = newSha256();
    private final ByteArrayOutputStream kept;
    private final int limit;
    private boolean overflowed;

    /** A digest that keeps no bytes. */
    ResponseDigest() {
        this(0);
    }

    /** A digest that also keeps the first {@code keepUpTo} bytes (0: none). */
    ResponseDigest(int keepUpTo) {
        this.limit = keepUpTo;
        this.kept = keepUpTo > 0 ? new ByteArrayOutputStream() : null;
    }

    /** Adds the remaining bytes of {@code buffer}, leaving its position where it was. */
    void update(ByteBuffer buffer) {
        int position = buffer.position();
        if (kept != null && !overflowed) {
            int n = buffer.remaining();
            if (kept.size() + n > limit) {
                overflowed = true;
            } else {
                byte[] copy = new byte[n];
                buffer.get(copy);
                kept.write(copy, 0, n);
                buffer.position(position);
            }
        }
        sha256.update(buffer);
        buffer.position(position);
    }

    /** The bytes kept, or null when none are kept or they went past the limit. */
    byte[] kept() {
        return kept == null || overflowed ? null : kept.toByteArray();
    }

    /** The digest of every byte added, as lower-case hex; the digest starts over afterwards. */
    String finishHex() {
        return Hex.encode(sha256.digest());
    }

    /** SHA-256 of {@code bytes} as lower-case hex. */
    static String sha256Hex(byte[] bytes) {
        return Hex.encode(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
