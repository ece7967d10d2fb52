package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-256-GCM on BouncyCastle's {@link GCMBlockCipher}; one decrypting cipher per thread, re-keyed per call. */
final class BcAead implements Aead {
    private static final ThreadLocal<GCMModeCipher> CIPHER =
            ThreadLocal.withInitial(() -> GCMBlockCipher.newInstance(AESEngine.newInstance()));

    @Override
    public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        Aead.checkParameters(key, nonce);
        // a fresh cipher per seal: BouncyCastle refuses to re-init a GCM instance for encryption under the last
        // (key, nonce) it saw, which would also refuse a legitimate known-answer re-seal after an open
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
        int n = gcm.processBytes(in, inOffset, inLength, out, outOffset);
        try {
            return n + gcm.doFinal(out, outOffset + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset)
            throws AuthenticationFailedException {
        Aead.checkParameters(key, nonce);
        if (inLength < TAG_LENGTH) {
            throw new AuthenticationFailedException("ciphertext shorter than the 16-byte GCM tag");
        }
        GCMModeCipher gcm = CIPHER.get();
        gcm.init(false, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
        // BouncyCastle's GCM buffers the whole ciphertext and releases plaintext only after the tag verifies;
        // decrypt into a scratch buffer anyway so `out` is untouched on failure.
        byte[] scratch = new byte[inLength - TAG_LENGTH];
        try {
            int n = gcm.processBytes(in, inOffset, inLength, scratch, 0);
            n += gcm.doFinal(scratch, n);
            System.arraycopy(scratch, 0, out, outOffset, n);
            return n;
        } catch (InvalidCipherTextException e) {
            throw new AuthenticationFailedException("AES-GCM tag does not verify");
        } finally {
            java.util.Arrays.fill(scratch, (byte) 0);
        }
    }

}
