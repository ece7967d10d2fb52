package io.venice.e2ee.crypto;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The limb arithmetic behind the point check, against {@link BigInteger} as the oracle. */
class Secp256k1FieldTest {
    private static final BigInteger P = BigInteger.TWO.pow(256).subtract(BigInteger.TWO.pow(32))
            .subtract(BigInteger.valueOf(977));
    private static final BigInteger TOP = BigInteger.TWO.pow(256);
    private final SecureRandom random = new SecureRandom();

    private static long[] limbs(BigInteger v) {
        return Secp256k1Field.read(Hex.decode(String.format("%064x", v)), 0);
    }

    private static BigInteger value(long[] limbs) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 7; i >= 0; i--) {
            assertThat(limbs[i]).isBetween(0L, 0xffffffffL);
            v = v.shiftLeft(32).or(BigInteger.valueOf(limbs[i]));
        }
        return v;
    }

    /** Values where carries and the reduction's edges are: 0, 1, around p, around 2^256, all-ones limbs. */
    private static List<BigInteger> edges() {
        List<BigInteger> out = new ArrayList<>();
        for (long d = -3; d <= 3; d++) {
            out.add(P.add(BigInteger.valueOf(d)));
        }
        out.add(BigInteger.ZERO);
        out.add(BigInteger.ONE);
        out.add(BigInteger.TWO);
        out.add(TOP.subtract(BigInteger.ONE));
        out.add(TOP.subtract(BigInteger.TWO));
        out.add(BigInteger.TWO.pow(255));
        out.add(BigInteger.TWO.pow(32).subtract(BigInteger.ONE));
        out.add(BigInteger.TWO.pow(32).add(BigInteger.valueOf(977)));
        out.add(P.shiftRight(1));
        return out;
    }

    @Test
    void readsBigEndianBytesAtAnOffset() {
        byte[] buf = new byte[40];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) (i * 37 + 11);
        }
        byte[] slice = java.util.Arrays.copyOfRange(buf, 5, 37);
        assertThat(value(Secp256k1Field.read(buf, 5))).isEqualTo(new BigInteger(1, slice));
    }

    @Test
    void multiplyMatchesBigIntegerOnEdgesAndRandomValues() {
        List<BigInteger> values = edges();
        for (int i = 0; i < 200; i++) {
            values.add(new BigInteger(256, random));
            values.add(new BigInteger(256, random).mod(P));
        }
        for (BigInteger a : values) {
            for (BigInteger b : edges()) {
                check(a, b);
            }
        }
        for (int i = 0; i < 20_000; i++) {
            check(new BigInteger(256, random), new BigInteger(256, random));
        }
    }

    private static void check(BigInteger a, BigInteger b) {
        long[] out = new long[8];
        Secp256k1Field.multiply(limbs(a), limbs(b), new long[16], out);
        BigInteger got = value(out);
        assertThat(got).as("%s * %s", a.toString(16), b.toString(16)).isEqualTo(a.multiply(b).mod(P));
    }

    @Test
    void multiplyMayWriteOverItsInputsAndReusesItsScratch() {
        long[] wide = new long[16];
        for (int i = 0; i < 100; i++) {
            BigInteger a = new BigInteger(256, random);
            BigInteger b = new BigInteger(256, random);
            long[] x = limbs(a);
            Secp256k1Field.multiply(x, limbs(b), wide, x);
            assertThat(value(x)).isEqualTo(a.multiply(b).mod(P));
            long[] y = limbs(b);
            Secp256k1Field.multiply(y, y, wide, y);
            assertThat(value(y)).isEqualTo(b.multiply(b).mod(P));
        }
    }

    @Test
    void belowPIsExact() {
        assertThat(Secp256k1Field.belowP(limbs(P.subtract(BigInteger.ONE)))).isTrue();
        assertThat(Secp256k1Field.belowP(limbs(P))).isFalse();
        assertThat(Secp256k1Field.belowP(limbs(P.add(BigInteger.ONE)))).isFalse();
        assertThat(Secp256k1Field.belowP(limbs(BigInteger.ZERO))).isTrue();
        assertThat(Secp256k1Field.belowP(limbs(TOP.subtract(BigInteger.ONE)))).isFalse();
    }

    @Test
    void addSmallWrapsAtP() {
        for (long d = 1; d <= 8; d++) {
            long[] a = limbs(P.subtract(BigInteger.valueOf(d)));
            Secp256k1Field.addSmall(a, 7);
            assertThat(value(a)).isEqualTo(P.subtract(BigInteger.valueOf(d)).add(BigInteger.valueOf(7)).mod(P));
        }
    }

    @Test
    void onCurveAgreesWithTheEquationForPointsAndNonPoints() {
        int points = 0;
        for (int i = 0; i < 2_000; i++) {
            BigInteger x = new BigInteger(256, random).mod(P);
            BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(P);
            BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
            boolean isPoint = y.multiply(y).mod(P).equals(rhs);
            points += isPoint ? 1 : 0;
            assertThat(Secp256k1Field.onCurve(limbs(x), limbs(y))).isEqualTo(isPoint);
            if (isPoint) {
                assertThat(Secp256k1Field.onCurve(limbs(x), limbs(P.subtract(y)))).as("the other root").isTrue();
                assertThat(Secp256k1Field.onCurve(limbs(x), limbs(y.add(BigInteger.ONE).mod(P)))).isFalse();
            }
        }
        assertThat(points).as("about half of all x are abscissas").isBetween(800, 1200);
    }
}
