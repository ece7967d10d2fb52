package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.InvalidSignatureException;
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
    public byte[] recoverPublicKey(byte[] hash32, byte[] signature, int recoveryId) throws InvalidSignatureException {
        SignatureRecovery.checkArguments(hash32, signature, recoveryId);
        Secp256k1.checkSignatureScalars(signature);
        BigInteger n = BcSecp256k1.N;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        // R's x is r, or r + n for recovery ids 2 and 3 (possible only when r + n is still below p)
        BigInteger x = recoveryId >= 2 ? r.add(n) : r;
        if (x.compareTo(Secp256k1.P) >= 0) {
            throw new InvalidSignatureException("recovery id " + recoveryId + " names an x-coordinate beyond the field");
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) ((recoveryId & 1) == 0 ? 0x02 : 0x03);
        Secp256k1.writeFixed32(x, compressed, 1);
        ECPoint bigR;
        try {
            bigR = BcSecp256k1.CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("signature r is not the x-coordinate of a secp256k1 point");
        }
        // cofactor 1: every point on the curve has order n, so n·R = O holds and needs no check
        BigInteger e = new BigInteger(1, hash32);
        BigInteger rInv = r.modInverse(n);
        BigInteger u1 = e.negate().multiply(rInv).mod(n);
        BigInteger u2 = s.multiply(rInv).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(BcSecp256k1.DOMAIN.getG(), u1, bigR, u2).normalize();
        if (q.isInfinity()) {
            throw new InvalidSignatureException("signature recovers the point at infinity");
        }
        return q.getEncoded(false);
    }
}
