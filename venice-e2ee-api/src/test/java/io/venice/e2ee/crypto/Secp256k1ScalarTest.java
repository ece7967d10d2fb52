package io.venice.e2ee.crypto;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Secp256k1ScalarTest {
    private static final BigInteger N = Secp256k1.N;
    private static final List<BigInteger> EDGES = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
            N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO), N.shiftRight(1), BigInteger.ONE.shiftLeft(128),
            BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE),
            N.subtract(BigInteger.ONE.shiftLeft(128)));

    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.oneOf(Arbitraries.of(EDGES),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, N.subtract(BigInteger.ONE)));
    }

    @Property(tries = 400)
    void addSubtractAndMultiplyAgreeWithBigInteger(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        byte[] out = new byte[32];
        Secp256k1Scalar.add(Secp256k1.toFixed32(a), Secp256k1.toFixed32(b), out);
        assertThat(new BigInteger(1, out)).isEqualTo(a.add(b).mod(N));
        Secp256k1Scalar.subtract(Secp256k1.toFixed32(a), Secp256k1.toFixed32(b), out);
        assertThat(new BigInteger(1, out)).isEqualTo(a.subtract(b).mod(N));
        Secp256k1Scalar.multiply(Secp256k1.toFixed32(a), Secp256k1.toFixed32(b), out);
        assertThat(new BigInteger(1, out)).isEqualTo(a.multiply(b).mod(N));
    }

    @Test
    void theLargestProductsReduceFully() {
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xff);
        byte[] out = new byte[32];
        Secp256k1Scalar.multiply(max, max, out);
        BigInteger m = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertThat(new BigInteger(1, out)).isEqualTo(m.multiply(m).mod(N));
        byte[] nMinus1 = Secp256k1.toFixed32(N.subtract(BigInteger.ONE));
        Secp256k1Scalar.multiply(nMinus1, nMinus1, out);
        assertThat(new BigInteger(1, out)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void theOutputMayBeAnInput() {
        byte[] a = Secp256k1.toFixed32(N.subtract(BigInteger.ONE));
        Secp256k1Scalar.add(a, Secp256k1.toFixed32(BigInteger.TWO), a);
        assertThat(new BigInteger(1, a)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void onlyThirtyTwoByteScalarsAreAccepted() {
        assertThatThrownBy(() -> Secp256k1Scalar.add(new byte[31], new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a scalar is 32 bytes");
    }
}
