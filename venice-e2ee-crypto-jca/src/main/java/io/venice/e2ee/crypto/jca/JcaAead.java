package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;

/**
 * AES-256-GCM on {@code javax.crypto.Cipher} (AES-NI and CLMUL intrinsics on HotSpot); one cipher per thread,
 * re-keyed with a zero key after every call.
 *
 * <p>Why the re-keying: a JDK cipher keeps its key schedule and, after encrypting, its last key (to refuse a key
 * and nonce used twice), so a cipher kept per thread would keep the last chunk's AES key as long as the thread
 * lives. Re-keyed with zeros (for encryption, under a nonce counted per thread so the pair never repeats), it keeps
 * nothing of ours; the JDK zero-fills the key copies it replaces.
 */
final class JcaAead implements Aead {
    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecretKeySpec ZERO_KEY = new SecretKeySpec(new byte[KEY_LENGTH], "AES");

    private static final ThreadLocal<Holder> CIPHER = ThreadLocal.withInitial(() -> new Holder(newCipher()));

    /** One thread's cipher and the counter that gives its scrubbing encryptions distinct nonces. */
    private static final class Holder {
        final Cipher cipher;
        long scrubs;

        Holder(Cipher cipher) {
            this.cipher = cipher;
        }

        /** Re-keys the cipher with the zero key, so it holds no key of ours. */
        void scrub() {
            byte[] nonce = new byte[NONCE_LENGTH];
            long n = ++scrubs;
            for (int i = 0; i < 8; i++) {
                nonce[NONCE_LENGTH - 1 - i] = (byte) (n >>> (8 * i));
            }
            try {
                cipher.init(Cipher.ENCRYPT_MODE, ZERO_KEY, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM cannot be re-keyed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        Aead.checkParameters(key, nonce);
        WipeableKey k = new WipeableKey(key, "AES");
        GCMParameterSpec gcmSpec = new GCMParameterSpec(TAG_LENGTH * 8, nonce);
        Holder holder = CIPHER.get();
        Cipher cipher = holder.cipher;
        try {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, k, gcmSpec);
            } catch (InvalidAlgorithmParameterException sameKeyAndNonce) {
                // The JDK refuses to encrypt twice in a row under the (key, nonce) its cipher last encrypted with.
                // Fresh ephemeral keys make that impossible in the protocol; it only happens when a caller
                // reproduces a known answer, so that caller gets a cipher without the memory.
                cipher = newCipher();
                cipher.init(Cipher.ENCRYPT_MODE, k, gcmSpec);
            }
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(in, inOffset, inLength, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        } finally {
            k.destroy();
            holder.scrub();
            if (cipher != holder.cipher) {
                new Holder(cipher).scrub();
            }
        }
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset)
            throws AuthenticationFailedException {
        Aead.checkParameters(key, nonce);
        if (inLength < TAG_LENGTH) {
            throw new AuthenticationFailedException("ciphertext shorter than the 16-byte GCM tag");
        }
        WipeableKey k = new WipeableKey(key, "AES");
        Holder holder = CIPHER.get();
        Cipher cipher = holder.cipher;
        try {
            cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            // the JDK's GCM releases no plaintext on a bad tag (JDK 17 verifies before it writes; JDK 25 decrypts
            // into `out` and zero-fills it on failure), so this decrypts straight into `out` with no copy; the
            // conformance kit checks `out` holds no plaintext after a failure
            return cipher.doFinal(in, inOffset, inLength, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException("AES-GCM tag does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getMessage(), e);
        } finally {
            k.destroy();
            holder.scrub();
        }
    }

    static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no " + TRANSFORMATION + " cipher", e);
        }
    }
}
