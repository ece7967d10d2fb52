package io.venice.e2ee.crypto.jca;

import javax.crypto.SecretKey;
import java.util.Arrays;

/**
 * A raw secret key handed to the JCA that can be wiped, unlike {@link javax.crypto.spec.SecretKeySpec}, whose copy
 * of the key cannot be zero-filled and outlives the call as garbage: the JDK's providers take a fresh copy through
 * {@link #getEncoded()} and zero-fill it themselves, and {@link #destroy()} zero-fills this one.
 */
final class WipeableKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final byte[] key;
    private volatile boolean destroyed;

    /** A copy of {@code key} for {@code algorithm} ({@code AES} or {@code HmacSHA256}). */
    WipeableKey(byte[] key, String algorithm) {
        this.key = key.clone();
        this.algorithm = algorithm;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key was destroyed");
        }
        return key.clone();
    }

    /** Zero-fills the key. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "WipeableKey[" + algorithm + ", hidden]";
    }
}
