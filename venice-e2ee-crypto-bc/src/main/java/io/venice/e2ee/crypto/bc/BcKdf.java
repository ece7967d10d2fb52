package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.Kdf;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;
import java.util.Objects;

/**
 * HKDF-SHA256 (RFC 5869) on BouncyCastle's {@link HMac}, a fresh MAC per call, with every buffer that holds the
 * pseudo-random key or an output block zero-filled before returning.
 *
 * <p>Why not {@code HKDFBytesGenerator} kept per thread: it keeps its last output block (for a 32-byte output, the
 * whole derived AES key) and a MAC keyed with the pseudo-random key until the thread's next derivation.
 */
final class BcKdf implements Kdf {
    private static final int HASH_LENGTH = 32;
    /** RFC 5869: an absent salt is a string of HashLen zeros. */
    private static final byte[] ZERO_SALT = new byte[HASH_LENGTH];

    @Override
    public void derive(byte[] salt, byte[] ikm, byte[] info, byte[] out) {
        Objects.requireNonNull(ikm, "ikm");
        if (out.length < 1 || out.length > MAX_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT_LENGTH);
        }
        HMac mac = new HMac(new SHA256Digest());
        byte[] prk = new byte[HASH_LENGTH];
        byte[] block = new byte[HASH_LENGTH];
        KeyParameter saltKey = new KeyParameter(salt == null || salt.length == 0 ? ZERO_SALT : salt);
        KeyParameter prkKey = null;
        try {
            mac.init(saltKey);
            mac.update(ikm, 0, ikm.length);
            mac.doFinal(prk, 0);
            prkKey = new KeyParameter(prk);
            mac.init(prkKey);
            int written = 0;
            for (int counter = 1; written < out.length; counter++) {
                // doFinal leaves the MAC keyed with the PRK, ready for the next block
                if (counter > 1) {
                    mac.update(block, 0, HASH_LENGTH);
                }
                if (info != null) {
                    mac.update(info, 0, info.length);
                }
                mac.update((byte) counter);
                mac.doFinal(block, 0);
                int n = Math.min(HASH_LENGTH, out.length - written);
                System.arraycopy(block, 0, out, written, n);
                written += n;
            }
        } finally {
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(block, (byte) 0);
            Arrays.fill(saltKey.getKey(), (byte) 0);
            if (prkKey != null) {
                Arrays.fill(prkKey.getKey(), (byte) 0);
            }
            // the MAC's padded keys are arrays it overwrites in place: re-keyed with zeros, they hold no PRK when
            // it is collected
            mac.init(new KeyParameter(ZERO_SALT));
        }
    }
}
