package io.venice.e2ee.testing;

import com.google.crypto.tink.subtle.Hkdf;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.Kdf;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Independent HKDF (Tink) and AES-GCM (a fresh JDK cipher per call), so the conformance kit can run whole envelopes
 * through a provider that serves key agreement only. Slow and simple on purpose; never used outside tests.
 */
final class ReferencePrimitives {
    private ReferencePrimitives() {
    }

    static final Kdf KDF = (salt, ikm, info, out) -> {
        try {
            byte[] okm = Hkdf.computeHkdf("HMACSHA256", ikm, salt, info == null ? new byte[0] : info, out.length);
            System.arraycopy(okm, 0, out, 0, out.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    };

    static final Aead AEAD = new Aead() {
        @Override
        public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                        int outOffset) {
            try {
                Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
                return c.doFinal(in, inOffset, inLength, out, outOffset);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                        int outOffset) throws AuthenticationFailedException {
            try {
                byte[] plain = cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(in, inOffset, inLength);
                System.arraycopy(plain, 0, out, outOffset, plain.length);
                return plain.length;
            } catch (AEADBadTagException e) {
                throw new AuthenticationFailedException("tag mismatch");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            if (aad != null) {
                c.updateAAD(aad);
            }
            return c;
        }
    };
}
