package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.crypto.Secp256k1;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * The affine secp256k1 arithmetic the JCA blinding needs beyond what a JCA provider offers, on {@link BigInteger}
 * and for public data only: recovering a y for an x, negation and addition (which tell which of ±y is a public key),
 * and recognising the curve in a provider's parameters. Constants and point validation are
 * {@link Secp256k1}'s. Never used with a secret scalar.
 */
final class Secp256k1Math {
    /** p ≡ 3 (mod 4), so a square root of a is a^((p+1)/4). */
    private static final BigInteger SQRT_EXPONENT = Secp256k1.P.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger THREE = BigInteger.valueOf(3);

    private Secp256k1Math() {
    }

    /** One y with y² = x³ + 7, or {@code null} when x is not the abscissa of a curve point. */
    static BigInteger liftX(BigInteger x) {
        BigInteger p = Secp256k1.P;
        BigInteger rhs = Secp256k1.curveRightHandSide(x);
        BigInteger y = rhs.modPow(SQRT_EXPONENT, p);
        return y.multiply(y).mod(p).equals(rhs) ? y : null;
    }

    /** The point with the same x and the other y. */
    static ECPoint negate(ECPoint q) {
        BigInteger p = Secp256k1.P;
        return new ECPoint(q.getAffineX(), p.subtract(q.getAffineY()).mod(p));
    }

    /** Affine addition, doubling included; {@link ECPoint#POINT_INFINITY} for a + (−a). */
    static ECPoint add(ECPoint a, ECPoint b) {
        if (a == ECPoint.POINT_INFINITY) {
            return b;
        }
        if (b == ECPoint.POINT_INFINITY) {
            return a;
        }
        BigInteger p = Secp256k1.P;
        BigInteger x1 = a.getAffineX();
        BigInteger y1 = a.getAffineY();
        BigInteger x2 = b.getAffineX();
        BigInteger y2 = b.getAffineY();
        BigInteger lambda;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = THREE.multiply(x1).multiply(x1).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.multiply(lambda).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }

    /** Whether a JCA provider's parameters are exactly secp256k1's (a provider could map the name elsewhere). */
    static boolean isSecp256k1(ECParameterSpec spec) {
        return spec.getCurve().getField() instanceof ECFieldFp field
                && field.getP().equals(Secp256k1.P)
                && spec.getCurve().getA().signum() == 0
                && spec.getCurve().getB().equals(Secp256k1.B)
                && spec.getGenerator().equals(Secp256k1.G)
                && spec.getOrder().equals(Secp256k1.N)
                && spec.getCofactor() == 1;
    }
}
