package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;

/** AES-256-GCM on {@code javax.crypto.Cipher} (AES-NI and CLMUL intrinsics on HotSpot); one cipher per thread. */
final class JcaAead implements Aead {
    static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(JcaAead::newCipher);

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        Aead.checkParameters(key, nonce);
        SecretKeySpec keySpec = new SecretKeySpec(key, "AES");
        GCMParameterSpec gcmSpec = new GCMParameterSpec(TAG_LENGTH * 8, nonce);
        Cipher cipher = CIPHER.get();
        try {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, keySpec, gcmSpec);
            } catch (InvalidAlgorithmParameterException sameKeyAndNonce) {
                // The JDK refuses to encrypt twice in a row under the (key, nonce) its cipher last encrypted with.
                // Fresh ephemeral keys make that impossible in the protocol; it only happens when a caller
                // reproduces a known answer, so that caller gets a cipher without the memory.
                cipher = newCipher();
                cipher.init(Cipher.ENCRYPT_MODE, keySpec, gcmSpec);
            }
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(in, inOffset, inLength, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset)
            throws AuthenticationFailedException {
        Aead.checkParameters(key, nonce);
        if (inLength < TAG_LENGTH) {
            throw new AuthenticationFailedException("ciphertext shorter than the 16-byte GCM tag");
        }
        Cipher cipher = CIPHER.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
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
