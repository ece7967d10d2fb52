package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
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
 * a given private key uses the same blinded path, twice (for d·G and (d+1)·G, which tells which y is right).
 * Fresh key pairs come from the provider's own generator (BouncyCastle's multiplies the fixed base G with its
 * regular comb). The peer point is validated before any of it, with {@link Secp256k1#decodePublicKey}.
 */
final class JcaKeyAgreement implements EcdhKeyAgreement {
    private final JcaEcEngine engine;
    private final SecureRandom random = new SecureRandom();

    JcaKeyAgreement(JcaEcEngine engine) {
        this.engine = engine;
    }

    @Override
    public EcdhKeyPair generateKeyPair() {
        KeyPair kp = engine.generate(random);
        BigInteger d = ((ECPrivateKey) kp.getPrivate()).getS();
        ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
        return new Pair(d, Secp256k1.encodePublicKey(w), this);
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        byte[] d32 = Secp256k1.privateKey(privateKey);
        BigInteger d = new BigInteger(1, d32);
        Arrays.fill(d32, (byte) 0);
        return new Pair(d, Secp256k1.encodePublicKey(publicPoint(d)), this);
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(publicKey, offset);
    }

    /** d·G: the x of d·G and of (d+1)·G through the blinded path, then the y for which (x, y) + G matches. */
    private ECPoint publicPoint(BigInteger d) {
        if (d.equals(Secp256k1.N.subtract(BigInteger.ONE))) {
            return Secp256k1Math.negate(Secp256k1.G);
        }
        BigInteger x = new BigInteger(1, blindedX(d, Secp256k1.G));
        BigInteger xNext = new BigInteger(1, blindedX(d.add(BigInteger.ONE), Secp256k1.G));
        ECPoint candidate = new ECPoint(x, liftOrFail(x));
        ECPoint next = Secp256k1Math.add(candidate, Secp256k1.G);
        // (−candidate) + G has the x of (1−d)·G, which equals the x of (d+1)·G only for d = 0: the test is exact
        return next != ECPoint.POINT_INFINITY && next.getAffineX().equals(xNext)
                ? candidate : Secp256k1Math.negate(candidate);
    }

    /** The x of d·q, with d blinded as the class comment describes. */
    byte[] blindedX(BigInteger d, ECPoint q) {
        BigInteger n = Secp256k1.N;
        BigInteger r = new BigInteger(n.bitLength() + 64, random).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        try {
            BigInteger xr = new BigInteger(1, engine.x(r, q));
            ECPoint rq = new ECPoint(xr, liftOrFail(xr));
            return engine.x(d.multiply(r.modInverse(n)).mod(n), rq);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA provider " + engine.providerName() + " refused an ECDH step: "
                    + e.getMessage(), e);
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

    /** A key pair; BigInteger cannot be wiped, so the scalar reference is dropped on close. */
    private static final class Pair implements EcdhKeyPair {
        private volatile BigInteger d;
        private final byte[] publicKey;
        private final JcaKeyAgreement owner;

        Pair(BigInteger d, byte[] publicKey, JcaKeyAgreement owner) {
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
            byte[] out = new byte[PRIVATE_KEY_LENGTH];
            Secp256k1.writeFixed32(live(), out, 0);
            return SecretBytes.wrap(out);
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            ECPoint q = Secp256k1.decodePublicKey(peer, peerOffset);
            byte[] x = owner.blindedX(live(), q);
            System.arraycopy(x, 0, out, outOffset, SHARED_SECRET_LENGTH);
            Arrays.fill(x, (byte) 0);
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
            return "JcaEcdhKeyPair[private key hidden]";
        }
    }
}
