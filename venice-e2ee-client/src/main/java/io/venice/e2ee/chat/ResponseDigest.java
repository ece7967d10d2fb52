package io.venice.e2ee.chat;

import io.venice.e2ee.crypto.Hex;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of an exchange's exact bytes, for checking a response signature's hashes: updated with the response body
 * as it arrives, so the bytes themselves are never kept. Used by one thread at a time.
 */
final class ResponseDigest {
    private final MessageDigest sha256 = newSha256();

    /** Adds the remaining bytes of {@code buffer}, leaving its position where it was. */
    void update(ByteBuffer buffer) {
        int position = buffer.position();
        sha256.update(buffer);
        buffer.position(position);
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
