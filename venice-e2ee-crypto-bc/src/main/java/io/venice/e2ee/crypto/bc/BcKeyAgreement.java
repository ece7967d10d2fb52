package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * secp256k1 ECDH on BouncyCastle's lightweight EC arithmetic.
 *
 * <p>Timing protection: BouncyCastle's variable-base {@code ECPoint.multiply} (GLV with wNAF, also what
 * {@code ECDHBasicAgreement} calls) takes time that depends on the scalar. The private key is therefore never
 * multiplied directly: each agreement splits it additively, d = k₁ + k₂ (mod n) with a fresh random k₁, and
 * computes P·k₁ + P·k₂ in one interleaved (Shamir) pass. The pass only sees the two uniformly random shares, fresh
 * for every agreement, so the timings of any number of agreements are independent of d. This is blinding, not
 * constant time ({@link io.venice.e2ee.spi.TimingGuarantee#BLINDED_VARIABLE_TIME}): a single trace fine enough to
 * read the digits of that one pass (cache or power, not wall-clock) can leak both shares, and their sum is d. Key
 * generation uses the fixed-base comb multiplier, which is regular.
 */
final class BcKeyAgreement implements EcdhKeyAgreement {
    private static final FixedPointCombMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    private final SecureRandom random = new SecureRandom();

    @Override
    public EcdhKeyPair generateKeyPair() {
        return new Pair(randomScalar(), random);
    }

    /** A single-use scalar, multiplied once: one plain multiply (see {@link EcdhKeyAgreement#ephemeralAgreement}). */
    @Override
    public byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset)
            throws InvalidPeerKeyException {
        ECPoint q = BcSecp256k1.decodePoint(peer, peerOffset);
        BigInteger e = randomScalar();
        ECPoint s = q.multiply(e).normalize();
        if (s.isInfinity()) {
            throw new InvalidPeerKeyException("shared point is infinity");
        }
        Secp256k1.writeFixed32(s.getAffineXCoord().toBigInteger(), out, outOffset);
        return BASE_MULTIPLIER.multiply(BcSecp256k1.DOMAIN.getG(), e).normalize().getEncoded(false);
    }

    private BigInteger randomScalar() {
        byte[] d = new byte[PRIVATE_KEY_LENGTH];
        try {
            Secp256k1.randomScalar(random, d);
            return new BigInteger(1, d);
        } finally {
            java.util.Arrays.fill(d, (byte) 0);
        }
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        byte[] d32 = Secp256k1.privateKey(privateKey);
        try {
            return new Pair(new BigInteger(1, d32), random);
        } finally {
            java.util.Arrays.fill(d32, (byte) 0);
        }
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(publicKey, offset);
    }

    /** A key pair; BigInteger cannot be wiped, so the scalar reference is dropped on close. */
    private static final class Pair implements EcdhKeyPair {
        private volatile BigInteger d;
        private final byte[] publicKey;
        private final SecureRandom random;

        Pair(BigInteger d, SecureRandom random) {
            this.d = d;
            this.random = random;
            this.publicKey = BASE_MULTIPLIER.multiply(BcSecp256k1.DOMAIN.getG(), d).normalize().getEncoded(false);
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public SecretBytes privateKey() {
            byte[] out = new byte[32];
            Secp256k1.writeFixed32(live(), out, 0);
            return SecretBytes.wrap(out);
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            ECPoint q = BcSecp256k1.decodePoint(peer, peerOffset);
            BigInteger scalar = live();
            BigInteger n = BcSecp256k1.N;
            BigInteger k1 = new BigInteger(n.bitLength() + 64, random).mod(n);
            BigInteger k2 = scalar.subtract(k1).mod(n);
            ECPoint s = ECAlgorithms.sumOfTwoMultiplies(q, k1, q, k2).normalize();
            if (s.isInfinity()) {
                throw new InvalidPeerKeyException("shared point is infinity");
            }
            Secp256k1.writeFixed32(s.getAffineXCoord().toBigInteger(), out, outOffset);
        }

        private BigInteger live() {
            BigInteger v = d;
            if (v == null) {
                throw new IllegalStateException("key pair was closed");
            }
            return v;
        }

        @Override
        public void close() {
            d = null;
        }

        @Override
        public String toString() {
            return "BcEcdhKeyPair[private key hidden]";
        }
    }
}
