package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.SecretBytes;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.spec.ECPoint;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one statement of secp256k1's rules: each refusal by name, each boundary on both sides, the 32-byte form. */
class Secp256k1Test {
    /** SEC 2's generator, written out independently of the class under test. */
    private static final String G_HEX = "04"
            + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    private static String refusal(byte[] key) {
        try {
            Secp256k1.validatePublicKey(key, 0);
        } catch (InvalidPeerKeyException e) {
            return e.getMessage();
        }
        throw new AssertionError("key was accepted");
    }

    @Test
    void constantsAreSec2s() {
        assertThat(Secp256k1.P).isEqualTo(BigInteger.TWO.pow(256).subtract(BigInteger.TWO.pow(32))
                .subtract(BigInteger.valueOf(977)));
        assertThat(Secp256k1.N.isProbablePrime(64)).isTrue();
        assertThat(Hex.encode(Secp256k1.encodePublicKey(Secp256k1.G))).isEqualTo(G_HEX);
        BigInteger gx = Secp256k1.G.getAffineX();
        BigInteger gy = Secp256k1.G.getAffineY();
        assertThat(gy.multiply(gy).mod(Secp256k1.P)).isEqualTo(Secp256k1.curveRightHandSide(gx));
    }

    @Test
    void acceptsTheGeneratorAtAnyOffset() throws Exception {
        byte[] buf = new byte[70];
        System.arraycopy(Hex.decode(G_HEX), 0, buf, 3, 65);
        ECPoint q = Secp256k1.decodePublicKey(buf, 3);
        assertThat(q).isEqualTo(Secp256k1.G);
        assertThat(Secp256k1.isValidPublicKey(Hex.decode(G_HEX))).isTrue();
    }

    @Test
    void refusesEachInvalidFormByName() {
        byte[] g = Hex.decode(G_HEX);
        assertThat(refusal(new byte[65])).contains("infinity");
        assertThat(refusal(prefixed(g, 0x02))).contains("compressed");
        assertThat(refusal(prefixed(g, 0x03))).contains("compressed");
        assertThat(refusal(prefixed(g, 0x06))).contains("hybrid");
        assertThat(refusal(prefixed(g, 0x07))).contains("hybrid");
        assertThat(refusal(prefixed(g, 0x05))).contains("prefix must be 04");
        assertThat(refusal(Arrays.copyOf(g, 64))).contains("65 bytes");
        byte[] offCurve = g.clone();
        offCurve[64] ^= 1;
        assertThat(refusal(offCurve)).contains("not a point on secp256k1");
        byte[] zero = prefixed(new byte[65], 0x04);
        assertThat(refusal(zero)).contains("not a point on secp256k1");
        assertThatThrownBy(() -> Secp256k1.validatePublicKey(g, 1)).isInstanceOf(InvalidPeerKeyException.class)
                .hasMessageContaining("65 bytes");
        assertThatThrownBy(() -> Secp256k1.validatePublicKey(null, 0)).isInstanceOf(InvalidPeerKeyException.class);
        assertThat(Secp256k1.isValidPublicKey(offCurve)).isFalse();
        assertThat(Secp256k1.isValidPublicKey(Arrays.copyOf(g, 66))).as("exactly 65 bytes").isFalse();
    }

    @Test
    void refusesACoordinateWrittenAsItsAliasAbovePrime() {
        // the smallest x on the curve, then the same point with x written as x + p (still below 2^256)
        BigInteger p = Secp256k1.P;
        BigInteger x = BigInteger.ONE;
        BigInteger y;
        while (true) {
            BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(p);
            y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
            if (y.multiply(y).mod(p).equals(rhs)) {
                break;
            }
            x = x.add(BigInteger.ONE);
        }
        assertThat(Secp256k1.isValidPublicKey(Secp256k1.encodePublicKey(new ECPoint(x, y)))).isTrue();
        byte[] aliasX = point(x.add(p), y);
        assertThat(refusal(aliasX)).contains("not below the field prime");
        byte[] yIsP = point(Secp256k1.G.getAffineX(), p);
        assertThat(refusal(yIsP)).contains("not below the field prime");
    }

    @Test
    void scalarRangeIsOneToNMinusOne() {
        BigInteger n = Secp256k1.N;
        assertThat(Secp256k1.isScalarInRange(new byte[32], 0)).isFalse();
        assertThat(Secp256k1.isScalarInRange(Secp256k1.toFixed32(BigInteger.ONE), 0)).isTrue();
        assertThat(Secp256k1.isScalarInRange(Secp256k1.toFixed32(n.subtract(BigInteger.ONE)), 0)).isTrue();
        assertThat(Secp256k1.isScalarInRange(Secp256k1.toFixed32(n), 0)).isFalse();
        assertThat(Secp256k1.isScalarInRange(Secp256k1.toFixed32(n.add(BigInteger.ONE)), 0)).isFalse();
        byte[] ff = new byte[34];
        Arrays.fill(ff, (byte) 0xff);
        assertThat(Secp256k1.isScalarInRange(ff, 1)).isFalse();
        byte[] buf = new byte[40];
        System.arraycopy(Secp256k1.toFixed32(BigInteger.TWO), 0, buf, 8, 32);
        assertThat(Secp256k1.isScalarInRange(buf, 8)).isTrue();
    }

    @Test
    void privateKeysOutOfRangeAreTheirOwnRefusalAndNeverShown() throws Exception {
        BigInteger n = Secp256k1.N;
        for (BigInteger d : new BigInteger[] {BigInteger.ZERO, n, n.add(BigInteger.ONE)}) {
            byte[] raw = Secp256k1.toFixed32(d);
            assertThatThrownBy(() -> Secp256k1.privateKey(SecretBytes.copyOf(raw)))
                    .isInstanceOfSatisfying(InvalidPrivateKeyException.class, e -> assertThat(e.getMessage())
                            .contains("range 1..n-1").doesNotContain(Hex.encode(raw)));
        }
        assertThatThrownBy(() -> Secp256k1.privateKey(SecretBytes.copyOf(new byte[31])))
                .isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining("32 bytes");
        byte[] nMinusOne = Secp256k1.toFixed32(n.subtract(BigInteger.ONE));
        assertThat(Secp256k1.privateKey(SecretBytes.copyOf(nMinusOne))).isEqualTo(nMinusOne);
    }

    @Test
    void randomScalarsAreInRangeAndFresh() {
        SecureRandom random = new SecureRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        Secp256k1.randomScalar(random, a);
        Secp256k1.randomScalar(random, b);
        assertThat(Secp256k1.isScalarInRange(a, 0)).isTrue();
        assertThat(a).isNotEqualTo(b);
        assertThatThrownBy(() -> Secp256k1.randomScalar(random, new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signatureScalarsNameTheOneOutOfRange() throws Exception {
        byte[] one = Secp256k1.toFixed32(BigInteger.ONE);
        byte[] n = Secp256k1.toFixed32(Secp256k1.N);
        Secp256k1.checkSignatureScalars(concat(one, one));
        assertThatThrownBy(() -> Secp256k1.checkSignatureScalars(concat(n, one)))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("signature r");
        assertThatThrownBy(() -> Secp256k1.checkSignatureScalars(concat(one, new byte[32])))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("signature s");
        assertThatThrownBy(() -> Secp256k1.checkSignatureScalars(new byte[63]))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("64 bytes");
    }

    @Test
    void fixedWidthKeepsLeadingZerosAndDropsTheSignByte() {
        assertThat(Hex.encode(Secp256k1.toFixed32(BigInteger.ONE))).isEqualTo("00".repeat(31) + "01");
        BigInteger topBit = BigInteger.ONE.shiftLeft(255);
        assertThat(topBit.toByteArray()).hasSize(33);
        assertThat(Hex.encode(Secp256k1.toFixed32(topBit))).isEqualTo("80" + "00".repeat(31));
        byte[] out = new byte[34];
        Arrays.fill(out, (byte) 0x77);
        Secp256k1.writeFixed32(BigInteger.valueOf(0x0102), out, 1);
        assertThat(Hex.encode(out)).isEqualTo("77" + "00".repeat(30) + "0102" + "77");
        assertThatThrownBy(() -> Secp256k1.toFixed32(BigInteger.ONE.shiftLeft(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secp256k1.toFixed32(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
        byte[] aligned = new byte[33];
        Arrays.fill(aligned, (byte) 0x55);
        Secp256k1.copyFixed32(new byte[] {9, 8}, aligned, 1);
        assertThat(Hex.encode(aligned)).isEqualTo("55" + "00".repeat(30) + "0908");
        assertThatThrownBy(() -> Secp256k1.copyFixed32(new byte[33], aligned, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** 04 ‖ x ‖ y for coordinates below 2^256, encoded without the class under test. */
    private static byte[] point(BigInteger x, BigInteger y) {
        return Hex.decode(String.format("04%064x%064x", x, y));
    }

    private static byte[] prefixed(byte[] key, int prefix) {
        byte[] p = key.clone();
        p[0] = (byte) prefix;
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
