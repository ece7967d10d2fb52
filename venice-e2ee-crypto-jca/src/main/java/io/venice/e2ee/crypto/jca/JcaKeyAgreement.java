package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.crypto.Secp256k1Scalar;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECPoint;
import java.util.Arrays;

/**
 * secp256k1 ECDH through a JCA provider's {@code KeyAgreement("ECDH")}.
 *
 * <p>Timing protection: JCA providers multiply with whatever their engine does, and BouncyCastle's (the usual
 * provider of this curve) is a variable-time wNAF. So the private scalar d never reaches the provider. Each
 * agreement uses multiplicative blinding: with a fresh random r, the provider computes R = r·Q (timing depends on
 * r only), R's y is recovered from its x here (either root: ±R give the same final x), and the provider then
 * computes (d·r⁻¹ mod n)·R = d·Q, whose scalar is uniformly random and fresh every time. This is blinding, not
 * constant time ({@link io.venice.e2ee.spi.TimingGuarantee#BLINDED_VARIABLE_TIME}): a single trace fine enough to
 * read the digits of both multiplies of one agreement can leak r and d·r⁻¹, and so d; and both halves go to
 * whatever JCA provider comes first for the curve. Deriving a public key from
 * a private key, fresh or given, uses the same blinded path, twice (for d·G and (d+1)·G, which tells which y is
 * right). The peer point is validated before any of it, with {@link Secp256k1#decodePublicKey}.
 *
 * <p>Memory: the private scalar lives only in a byte array, zero-filled on close, and is never a {@link BigInteger}
 * (which cannot be wiped): fresh scalars are drawn here rather than by the JCA provider's key generator, whose keys
 * hold them as BigIntegers, and the blinding arithmetic runs on limbs.
 */
final class JcaKeyAgreement implements EcdhKeyAgreement {
    private static final byte[] ONE = Secp256k1.toFixed32(BigInteger.ONE);
    private static final byte[] N_MINUS_ONE = Secp256k1.toFixed32(Secp256k1.N.subtract(BigInteger.ONE));

    private final JcaEcEngine engine;
    private final SecureRandom random = new SecureRandom();

    JcaKeyAgreement(JcaEcEngine engine) {
        this.engine = engine;
    }

    @Override
    public EcdhKeyPair generateKeyPair() {
        byte[] d = new byte[PRIVATE_KEY_LENGTH];
        Secp256k1.randomScalar(random, d);
        return pair(d);
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        return pair(Secp256k1.privateKey(privateKey));
    }

    private EcdhKeyPair pair(byte[] d) {
        try {
            return new Pair(d, Secp256k1.encodePublicKey(publicPoint(d)), this);
        } catch (RuntimeException e) {
            Arrays.fill(d, (byte) 0);
            throw e;
        }
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(publicKey, offset);
    }

    /** d·G: the x of d·G and of (d+1)·G through the blinded path, then the y for which (x, y) + G matches. */
    private ECPoint publicPoint(byte[] d) {
        if (MessageDigest.isEqual(d, N_MINUS_ONE)) {
            return Secp256k1Math.negate(Secp256k1.G);
        }
        BigInteger x = new BigInteger(1, blindedX(d, Secp256k1.G));
        byte[] dPlusOne = new byte[PRIVATE_KEY_LENGTH];
        BigInteger xNext;
        try {
            Secp256k1Scalar.add(d, ONE, dPlusOne);
            xNext = new BigInteger(1, blindedX(dPlusOne, Secp256k1.G));
        } finally {
            Arrays.fill(dPlusOne, (byte) 0);
        }
        ECPoint candidate = new ECPoint(x, liftOrFail(x));
        ECPoint next = Secp256k1Math.add(candidate, Secp256k1.G);
        // (−candidate) + G has the x of (1−d)·G, which equals the x of (d+1)·G only for d = 0: the test is exact
        return next != ECPoint.POINT_INFINITY && next.getAffineX().equals(xNext)
                ? candidate : Secp256k1Math.negate(candidate);
    }

    /**
     * The x of d·q, with d blinded as the class comment describes. d·r⁻¹ is computed on limbs
     * ({@link Secp256k1Scalar}): the JCA takes scalars as BigIntegers, so the blinded ones become BigIntegers, d never.
     */
    byte[] blindedX(byte[] d, ECPoint q) {
        BigInteger n = Secp256k1.N;
        BigInteger r = new BigInteger(n.bitLength() + 64, random).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        byte[] rInverse = Secp256k1.toFixed32(r.modInverse(n));
        byte[] blinded = new byte[PRIVATE_KEY_LENGTH];
        try {
            BigInteger xr = new BigInteger(1, engine.x(r, q));
            ECPoint rq = new ECPoint(xr, liftOrFail(xr));
            Secp256k1Scalar.multiply(d, rInverse, blinded);
            return engine.x(new BigInteger(1, blinded), rq);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA provider " + engine.providerName() + " refused an ECDH step: "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(rInverse, (byte) 0);
            Arrays.fill(blinded, (byte) 0);
        }
    }

    private BigInteger liftOrFail(BigInteger x) {
        BigInteger y = Secp256k1Math.liftX(x);
        if (y == null) {
            throw new IllegalStateException("JCA provider " + engine.providerName()
                    + " returned an ECDH result that is not a secp256k1 x-coordinate");
        }
        return y;
    }

    /** A key pair holding its scalar in a byte array that {@link #close()} zero-fills. */
    private static final class Pair implements EcdhKeyPair {
        private final byte[] d;
        private final byte[] publicKey;
        private final JcaKeyAgreement owner;
        private volatile boolean closed;

        Pair(byte[] d, byte[] publicKey, JcaKeyAgreement owner) {
            this.d = d;
            this.publicKey = publicKey;
            this.owner = owner;
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public SecretBytes privateKey() {
            checkOpen();
            SecretBytes copy = SecretBytes.copyOf(d);
            // a close() racing the copy zero-filled it part way: the copy is no key
            if (closed) {
                copy.close();
                checkOpen();
            }
            return copy;
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            ECPoint q = Secp256k1.decodePublicKey(peer, peerOffset);
            checkOpen();
            byte[] x = owner.blindedX(d, q);
            try {
                // a close() that zero-filled d during the agreement made it an agreement with garbage
                checkOpen();
                System.arraycopy(x, 0, out, outOffset, SHARED_SECRET_LENGTH);
            } finally {
                Arrays.fill(x, (byte) 0);
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("key pair was closed");
            }
        }

        @Override
        public void close() {
            closed = true;
            Arrays.fill(d, (byte) 0);
        }

        @Override
        public String toString() {
            return "JcaEcdhKeyPair[private key hidden]";
        }
    }
}
