package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.Kdf;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * HKDF-SHA256 (RFC 5869) on {@code javax.crypto.Mac} ("HmacSHA256"); one MAC per thread, re-keyed with a zero key
 * after every derivation, since a MAC keeps its key's padded forms (and so the pseudo-random key) until re-keyed,
 * and its digest the last output (the derived key) until it digests again.
 */
final class JcaKdf implements Kdf {
    static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;
    /** RFC 5869: an absent salt is a string of HashLen zeros. */
    private static final byte[] ZERO_SALT = new byte[HASH_LENGTH];
    private static final SecretKeySpec ZERO_KEY = new SecretKeySpec(ZERO_SALT, HMAC);

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(JcaKdf::newMac);

    @Override
    public void derive(byte[] salt, byte[] ikm, byte[] info, byte[] out) {
        Objects.requireNonNull(ikm, "ikm");
        if (out.length < 1 || out.length > MAX_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT_LENGTH
                    + ", got " + out.length);
        }
        Mac mac = MAC.get();
        byte[] prk = null;
        WipeableKey prkKey = null;
        byte[] block = new byte[HASH_LENGTH];
        try {
            mac.init(salt == null || salt.length == 0 ? ZERO_KEY : new SecretKeySpec(salt, HMAC));
            prk = mac.doFinal(ikm);
            prkKey = new WipeableKey(prk, HMAC);
            mac.init(prkKey);
            int written = 0;
            for (int counter = 1; written < out.length; counter++) {
                if (counter > 1) {
                    mac.update(block);
                }
                if (info != null) {
                    mac.update(info);
                }
                mac.update((byte) counter);
                mac.doFinal(block, 0);
                int n = Math.min(HASH_LENGTH, out.length - written);
                System.arraycopy(block, 0, out, written, n);
                written += n;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(block, (byte) 0);
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
            if (prkKey != null) {
                prkKey.destroy();
            }
            try {
                // re-keying overwrites the padded keys; the digest's state still holds the last output (the derived
                // key) until it digests something else, so one MAC of nothing under the zero key replaces it
                mac.init(ZERO_KEY);
                mac.doFinal();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 cannot be re-keyed: " + e.getMessage(), e);
            }
        }
    }

    static Mac newMac() {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no " + HMAC, e);
        }
    }
}
