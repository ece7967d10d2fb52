package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.ECPoint;
import java.util.Arrays;

/**
 * Correct, slow, test-only primitives for the api's own tests, which have no crypto module on their class path:
 * HKDF and AES-GCM on the JDK's JCA, secp256k1 on {@link BigInteger} affine arithmetic (variable time: tests only).
 */
final class ReferenceCrypto {
    private static final BigInteger P = Secp256k1.P;
    private static final BigInteger N = Secp256k1.N;

    private ReferenceCrypto() {
    }

    static final Kdf KDF = (salt, ikm, info, out) -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] t = new byte[0];
            int written = 0;
            for (int i = 1; written < out.length; i++) {
                mac.update(t);
                if (info != null) {
                    mac.update(info);
                }
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, out.length - written);
                System.arraycopy(t, 0, out, written, n);
                written += n;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    };

    static final Aead AEAD = new Aead() {
        @Override
        public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                        int outOffset) {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                if (aad != null) {
                    c.updateAAD(aad);
                }
                return c.doFinal(in, inOffset, inLength, out, outOffset);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                        int outOffset) throws AuthenticationFailedException {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                if (aad != null) {
                    c.updateAAD(aad);
                }
                return c.doFinal(in, inOffset, inLength, out, outOffset);
            } catch (AEADBadTagException e) {
                throw new AuthenticationFailedException("tag");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    static final EcdhKeyAgreement KEY_AGREEMENT = new EcdhKeyAgreement() {
        private final SecureRandom random = new SecureRandom();

        @Override
        public EcdhKeyPair generateKeyPair() {
            byte[] d = new byte[32];
            Secp256k1.randomScalar(random, d);
            return new Pair(d);
        }

        @Override
        public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
            return new Pair(Secp256k1.privateKey(privateKey));
        }

        @Override
        public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
            Secp256k1.validatePublicKey(publicKey, offset);
        }
    };

    static final SignatureRecovery RECOVERY = (hash32, signature, recoveryId) -> {
        SignatureRecovery.checkArguments(hash32, signature, recoveryId);
        Secp256k1.checkSignatureScalars(signature);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        BigInteger x = recoveryId >= 2 ? r.add(N) : r;
        BigInteger y = Secp256k1.curveRightHandSide(x).modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        if (y.testBit(0) != ((recoveryId & 1) == 1)) {
            y = P.subtract(y);
        }
        BigInteger rInv = r.modInverse(N);
        BigInteger e = new BigInteger(1, hash32);
        ECPoint q = add(multiply(e.negate().multiply(rInv).mod(N), Secp256k1.G),
                multiply(s.multiply(rInv).mod(N), new ECPoint(x, y)));
        return Secp256k1.encodePublicKey(q);
    };

    /** A pair holding its scalar as bytes. */
    private static final class Pair implements EcdhKeyPair {
        private final byte[] d;
        private boolean closed;

        Pair(byte[] d) {
            this.d = d;
        }

        @Override
        public byte[] publicKey() {
            return Secp256k1.encodePublicKey(multiply(new BigInteger(1, d), Secp256k1.G));
        }

        @Override
        public SecretBytes privateKey() {
            live();
            return SecretBytes.copyOf(d);
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            ECPoint q = Secp256k1.decodePublicKey(peer, peerOffset);
            live();
            Secp256k1.writeFixed32(multiply(new BigInteger(1, d), q).getAffineX(), out, outOffset);
        }

        private void live() {
            if (closed) {
                throw new IllegalStateException("closed");
            }
        }

        @Override
        public void close() {
            closed = true;
            Arrays.fill(d, (byte) 0);
        }
    }

    static ECPoint multiply(BigInteger k, ECPoint q) {
        ECPoint r = ECPoint.POINT_INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = add(r, r);
            if (k.testBit(i)) {
                r = add(r, q);
            }
        }
        return r;
    }

    static ECPoint add(ECPoint a, ECPoint b) {
        if (a == ECPoint.POINT_INFINITY) {
            return b;
        }
        if (b == ECPoint.POINT_INFINITY) {
            return a;
        }
        BigInteger x1 = a.getAffineX();
        BigInteger y1 = a.getAffineY();
        BigInteger x2 = b.getAffineX();
        BigInteger y2 = b.getAffineY();
        BigInteger l;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            l = BigInteger.valueOf(3).multiply(x1).multiply(x1).multiply(y1.shiftLeft(1).modInverse(P)).mod(P);
        } else {
            l = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(P)).mod(P);
        }
        BigInteger x3 = l.multiply(l).subtract(x1).subtract(x2).mod(P);
        return new ECPoint(x3, l.multiply(x1.subtract(x3)).subtract(y1).mod(P));
    }
}
