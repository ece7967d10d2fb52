package io.venice.e2ee.spi;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes (a private scalar, a shared secret, a derived key) that are zero-filled on {@link #close()} and
 * never printed.
 *
 * <p>The bytes are copied in on construction and copied out on request, so a caller that zero-fills its own
 * array does not disturb this one. After {@code close()} every access fails.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Secret bytes holding a copy of {@code bytes}; the caller may zero-fill its array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("secret bytes must not be empty");
        }
        return new SecretBytes(bytes.clone());
    }

    /** Secret bytes that take ownership of {@code bytes} without copying (the caller must drop its reference). */
    public static SecretBytes wrap(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("secret bytes must not be empty");
        }
        return new SecretBytes(bytes);
    }

    /** Number of secret bytes. */
    public int length() {
        return bytes.length;
    }

    /** A fresh copy of the secret bytes; the caller is responsible for zero-filling it. */
    public byte[] copyBytes() {
        checkLive();
        return bytes.clone();
    }

    /** Copies the secret bytes into {@code out} at {@code offset} (no allocation, for hot paths). */
    public void copyInto(byte[] out, int offset) {
        checkLive();
        System.arraycopy(bytes, 0, out, offset, bytes.length);
    }

    /** Constant-time comparison with other secret bytes. */
    public boolean sameBytes(SecretBytes other) {
        checkLive();
        other.checkLive();
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Zero-fills the secret bytes; later accesses throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("secret bytes were closed and zero-filled");
        }
    }

    /** Never shows the secret bytes. */
    @Override
    public String toString() {
        return destroyed ? "SecretBytes[destroyed]" : "SecretBytes[" + bytes.length + " bytes, hidden]";
    }

    /** Identity equality: secrets are not compared through {@code equals}. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
