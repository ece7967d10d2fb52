package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.crypto.Secp256k1Scalar;
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
import java.util.Arrays;

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
 * generation uses the fixed-base comb multiplier, which is regular, on two shares as well.
 *
 * <p>Memory: the private scalar lives only in a byte array, zero-filled on close. BouncyCastle multiplies by
 * {@link BigInteger}s, which cannot be wiped, so only the per-agreement shares ever become one: d itself never does.
 */
final class BcKeyAgreement implements EcdhKeyAgreement {
    private static final FixedPointCombMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    private final SecureRandom random = new SecureRandom();

    @Override
    public EcdhKeyPair generateKeyPair() {
        byte[] d = new byte[PRIVATE_KEY_LENGTH];
        Secp256k1.randomScalar(random, d);
        return new Pair(d, random);
    }

    /** A single-use scalar, multiplied once: one plain multiply (see {@link EcdhKeyAgreement#ephemeralAgreement}). */
    @Override
    public byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset)
            throws InvalidPeerKeyException {
        ECPoint q = BcSecp256k1.decodePoint(peer, peerOffset);
        byte[] e32 = new byte[PRIVATE_KEY_LENGTH];
        Secp256k1.randomScalar(random, e32);
        // BouncyCastle multiplies BigIntegers only: this one lives for one multiply, and is never used again
        BigInteger e = new BigInteger(1, e32);
        Arrays.fill(e32, (byte) 0);
        ECPoint s = q.multiply(e).normalize();
        if (s.isInfinity()) {
            throw new InvalidPeerKeyException("shared point is infinity");
        }
        Secp256k1.writeFixed32(s.getAffineXCoord().toBigInteger(), out, outOffset);
        return BASE_MULTIPLIER.multiply(BcSecp256k1.DOMAIN.getG(), e).normalize().getEncoded(false);
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        return new Pair(Secp256k1.privateKey(privateKey), random);
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(publicKey, offset);
    }

    /**
     * d·peer as P·k₁ + P·k₂ for fresh shares k₁ + k₂ = d (mod n). d stays in its byte array: the shares are computed
     * on limbs ({@link Secp256k1Scalar}) and only they become the BigIntegers BouncyCastle multiplies by.
     */
    private static ECPoint splitMultiply(byte[] d, ECPoint p, SecureRandom random, boolean fixedBase) {
        byte[] k1 = new byte[PRIVATE_KEY_LENGTH];
        byte[] k2 = new byte[PRIVATE_KEY_LENGTH];
        try {
            Secp256k1.randomScalar(random, k1);
            Secp256k1Scalar.subtract(d, k1, k2);
            BigInteger a = new BigInteger(1, k1);
            BigInteger b = new BigInteger(1, k2);
            return fixedBase
                    ? BASE_MULTIPLIER.multiply(p, a).add(BASE_MULTIPLIER.multiply(p, b)).normalize()
                    : ECAlgorithms.sumOfTwoMultiplies(p, a, p, b).normalize();
        } finally {
            Arrays.fill(k1, (byte) 0);
            Arrays.fill(k2, (byte) 0);
        }
    }

    /**
     * A key pair holding its scalar in a byte array that {@link #close()} zero-fills: no BigInteger or point of the
     * scalar is ever kept.
     */
    private static final class Pair implements EcdhKeyPair {
        private final byte[] d;
        private final byte[] publicKey;
        private final SecureRandom random;
        private volatile boolean closed;

        Pair(byte[] d, SecureRandom random) {
            this.d = d;
            this.random = random;
            this.publicKey = splitMultiply(d, BcSecp256k1.DOMAIN.getG(), random, true).getEncoded(false);
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
            ECPoint q = BcSecp256k1.decodePoint(peer, peerOffset);
            checkOpen();
            ECPoint s = splitMultiply(d, q, random, false);
            // a close() that zero-filled d during the multiply made it a multiply by garbage: nothing is written
            checkOpen();
            if (s.isInfinity()) {
                throw new InvalidPeerKeyException("shared point is infinity");
            }
            Secp256k1.writeFixed32(s.getAffineXCoord().toBigInteger(), out, outOffset);
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
            return "BcEcdhKeyPair[private key hidden]";
        }
    }
}
