package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.SignatureRecovery;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * secp256k1 public-key recovery (SEC 1 v2, section 4.1.6), as Ethereum's {@code ecrecover}. Works on public data
 * only (signature, hash, recovered key), so BouncyCastle's variable-time multiplies are fine here.
 */
final class BcSignatureRecovery implements SignatureRecovery {
    @Override
    public byte[] recoverPublicKey(byte[] hash32, byte[] signature, int recoveryId) throws InvalidPeerKeyException {
        SignatureRecovery.checkArguments(hash32, signature, recoveryId);
        BigInteger n = BcSecp256k1.N;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || r.compareTo(n) >= 0) {
            throw new InvalidPeerKeyException("signature r is not in the range 1..n-1");
        }
        if (s.signum() == 0 || s.compareTo(n) >= 0) {
            throw new InvalidPeerKeyException("signature s is not in the range 1..n-1");
        }
        // R's x is r, or r + n for recovery ids 2 and 3 (possible only when r + n is still below p)
        BigInteger x = recoveryId >= 2 ? r.add(n) : r;
        if (x.compareTo(BcSecp256k1.P) >= 0) {
            throw new InvalidPeerKeyException("recovery id " + recoveryId + " names an x-coordinate beyond the field");
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) ((recoveryId & 1) == 0 ? 0x02 : 0x03);
        BcSecp256k1.writeFixed32(x, compressed, 1);
        ECPoint bigR;
        try {
            bigR = BcSecp256k1.CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new InvalidPeerKeyException("signature r is not the x-coordinate of a secp256k1 point");
        }
        // cofactor 1: every point on the curve has order n, so n·R = O holds and needs no check
        BigInteger e = new BigInteger(1, hash32);
        BigInteger rInv = r.modInverse(n);
        BigInteger u1 = e.negate().multiply(rInv).mod(n);
        BigInteger u2 = s.multiply(rInv).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(BcSecp256k1.DOMAIN.getG(), u1, bigR, u2).normalize();
        if (q.isInfinity()) {
            throw new InvalidPeerKeyException("signature recovers the point at infinity");
        }
        return q.getEncoded(false);
    }
}
