package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;

/**
 * AES-256-GCM on BouncyCastle's {@link GCMBlockCipher}, a fresh cipher per call.
 *
 * <p>Why no cipher is kept per thread: a kept cipher keeps its last key (GCM holds it to refuse a key and nonce used
 * twice) and its key schedule, so the last chunk's AES key would stay reachable as long as the thread lives. Every
 * chunk has a key of its own anyway, so a kept cipher saves only a small allocation. The key copy BouncyCastle
 * keeps ({@link KeyParameter}) is zero-filled after each call; the round keys it derives are arrays of its own,
 * unreachable once the call returns.
 */
final class BcAead implements Aead {
    @Override
    public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        Aead.checkParameters(key, nonce);
        KeyParameter keyCopy = new KeyParameter(key);
        try {
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(true, new AEADParameters(keyCopy, TAG_LENGTH * 8, nonce, aad));
            int n = gcm.processBytes(in, inOffset, inLength, out, outOffset);
            return n + gcm.doFinal(out, outOffset + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(keyCopy.getKey(), (byte) 0);
        }
    }

    @Override
    public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out, int outOffset)
            throws AuthenticationFailedException {
        Aead.checkParameters(key, nonce);
        if (inLength < TAG_LENGTH) {
            throw new AuthenticationFailedException("ciphertext shorter than the 16-byte GCM tag");
        }
        KeyParameter keyCopy = new KeyParameter(key);
        // BouncyCastle's GCM buffers the whole ciphertext and releases plaintext only after the tag verifies;
        // decrypt into a scratch buffer anyway so `out` is untouched on failure.
        byte[] scratch = new byte[inLength - TAG_LENGTH];
        try {
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(false, new AEADParameters(keyCopy, TAG_LENGTH * 8, nonce, aad));
            int n = gcm.processBytes(in, inOffset, inLength, scratch, 0);
            n += gcm.doFinal(scratch, n);
            System.arraycopy(scratch, 0, out, outOffset, n);
            return n;
        } catch (InvalidCipherTextException e) {
            throw new AuthenticationFailedException("AES-GCM tag does not verify");
        } finally {
            Arrays.fill(scratch, (byte) 0);
            Arrays.fill(keyCopy.getKey(), (byte) 0);
        }
    }
}
