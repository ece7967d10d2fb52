package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.InvalidPeerKeyException;

import java.math.BigInteger;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECFieldFp;

/**
 * secp256k1 (y² = x³ + 7 over F_p) affine arithmetic on {@link BigInteger}, for public data only: point validation,
 * recovering a y for an x, and the additions that tell which of ±y is the public key. Never used with a secret scalar.
 */
final class Secp256k1Math {
    static final BigInteger P = new BigInteger("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
    static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    static final BigInteger B = BigInteger.valueOf(7);
    static final BigInteger GX = new BigInteger("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", 16);
    static final BigInteger GY = new BigInteger("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8", 16);
    static final ECPoint G = new ECPoint(GX, GY);
    /** p ≡ 3 (mod 4), so a square root of a is a^((p+1)/4). */
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger THREE = BigInteger.valueOf(3);

    private Secp256k1Math() {
    }

    /**
     * Decodes and validates an uncompressed point: 65 bytes, prefix 04, both coordinates below p, y² = x³ + 7
     * (mod p). The encoding cannot express infinity, and the curve has cofactor 1, so a point that passes is in the
     * prime-order group.
     */
    static ECPoint decodePoint(byte[] buf, int offset) throws InvalidPeerKeyException {
        if (buf == null || offset < 0 || buf.length - offset < 65) {
            throw new InvalidPeerKeyException("public key must be 65 bytes (uncompressed)");
        }
        if (buf[offset] != 0x04) {
            throw new InvalidPeerKeyException(buf[offset] == 0x00
                    ? "public key is the point at infinity"
                    : "public key is not uncompressed (prefix must be 04)");
        }
        BigInteger x = unsigned(buf, offset + 1);
        BigInteger y = unsigned(buf, offset + 33);
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            throw new InvalidPeerKeyException("public key coordinate is not below the field prime");
        }
        if (!y.multiply(y).mod(P).equals(rightHandSide(x))) {
            throw new InvalidPeerKeyException("public key is not a point on secp256k1");
        }
        return new ECPoint(x, y);
    }

    /** One y with y² = x³ + 7, or {@code null} when x is not the abscissa of a curve point. */
    static BigInteger liftX(BigInteger x) {
        BigInteger rhs = rightHandSide(x);
        BigInteger y = rhs.modPow(SQRT_EXPONENT, P);
        return y.multiply(y).mod(P).equals(rhs) ? y : null;
    }

    /** The point with the same x and the other y. */
    static ECPoint negate(ECPoint q) {
        return new ECPoint(q.getAffineX(), P.subtract(q.getAffineY()).mod(P));
    }

    /** Affine addition, doubling included; {@link ECPoint#POINT_INFINITY} for a + (−a). */
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
        BigInteger lambda;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = THREE.multiply(x1).multiply(x1).multiply(y1.shiftLeft(1).modInverse(P)).mod(P);
        } else {
            lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(P)).mod(P);
        }
        BigInteger x3 = lambda.multiply(lambda).subtract(x1).subtract(x2).mod(P);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(P);
        return new ECPoint(x3, y3);
    }

    /** Whether a JCA provider's parameters are exactly secp256k1's (a provider could map the name elsewhere). */
    static boolean isSecp256k1(ECParameterSpec spec) {
        return spec.getCurve().getField() instanceof ECFieldFp field
                && field.getP().equals(P)
                && spec.getCurve().getA().signum() == 0
                && spec.getCurve().getB().equals(B)
                && spec.getGenerator().equals(G)
                && spec.getOrder().equals(N)
                && spec.getCofactor() == 1;
    }

    /** The 65-byte uncompressed encoding. */
    static byte[] encode(ECPoint q) {
        byte[] out = new byte[65];
        out[0] = 0x04;
        writeFixed32(q.getAffineX(), out, 1);
        writeFixed32(q.getAffineY(), out, 33);
        return out;
    }

    /** Writes {@code v} (0 &le; v &lt; 2²⁵⁶) as exactly 32 big-endian bytes. */
    static void writeFixed32(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        java.util.Arrays.fill(out, offset, offset + 32 - len, (byte) 0);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
        java.util.Arrays.fill(b, (byte) 0);
    }

    /** Right-aligns a big-endian integer of up to 32 bytes into exactly 32 bytes. */
    static void copyFixed32(byte[] in, byte[] out, int offset) {
        if (in.length > 32) {
            throw new IllegalStateException("field element longer than 32 bytes");
        }
        java.util.Arrays.fill(out, offset, offset + 32 - in.length, (byte) 0);
        System.arraycopy(in, 0, out, offset + 32 - in.length, in.length);
    }

    private static BigInteger rightHandSide(BigInteger x) {
        return x.multiply(x).mod(P).multiply(x).add(B).mod(P);
    }

    private static BigInteger unsigned(byte[] buf, int offset) {
        return new BigInteger(1, java.util.Arrays.copyOfRange(buf, offset, offset + 32));
    }
}
