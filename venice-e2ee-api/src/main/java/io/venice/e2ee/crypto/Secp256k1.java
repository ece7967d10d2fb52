package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.SecretBytes;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.spec.ECPoint;
import java.util.Arrays;

/**
 * secp256k1 (y² = x³ + 7 over F_p) as the protocol uses it, stated once: its constants, the rules a public key, a
 * private scalar and a signature's (r, s) must pass, and the 32-byte big-endian form of scalars and coordinates.
 * Every crypto provider, the envelope, attestation and the simulator check keys here, so the rules and the messages
 * are the same whichever engine runs. Public keys are checked with plain field arithmetic on public data (no engine,
 * no {@link BigInteger} on the per-chunk path); scalar range checks run in time independent of the value.
 */
public final class Secp256k1 {
    /** The field prime p = 2²⁵⁶ − 2³² − 977. */
    public static final BigInteger P = new BigInteger(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
    /** The group order n. */
    public static final BigInteger N = new BigInteger(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    /** The curve constant b = 7 (a = 0). */
    public static final BigInteger B = BigInteger.valueOf(7);
    /** The generator G. */
    public static final ECPoint G = new ECPoint(
            new BigInteger("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", 16),
            new BigInteger("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8", 16));
    /** Length of a scalar or a coordinate in bytes. */
    public static final int SCALAR_LENGTH = 32;
    /** Length of an uncompressed public key {@code 04 ‖ X ‖ Y} in bytes. */
    public static final int PUBLIC_KEY_LENGTH = EcdhKeyAgreement.PUBLIC_KEY_LENGTH;
    /** Prefix byte of the uncompressed encoding, the only one the protocol accepts. */
    public static final byte UNCOMPRESSED = 0x04;

    private static final byte[] ORDER = toFixed32(N);

    private Secp256k1() {
    }

    /**
     * Checks the encoding of a public key without the curve arithmetic: room for 65 bytes at {@code offset} and prefix
     * {@code 04}. The compressed ({@code 02}/{@code 03}) and hybrid ({@code 06}/{@code 07}) forms are refused by name.
     *
     * @throws InvalidPeerKeyException naming the check that failed (never the key)
     */
    public static void checkUncompressedForm(byte[] buf, int offset) throws InvalidPeerKeyException {
        if (buf == null || offset < 0 || buf.length - offset < PUBLIC_KEY_LENGTH) {
            throw new InvalidPeerKeyException("public key must be 65 bytes (uncompressed)");
        }
        switch (buf[offset] & 0xff) {
            case UNCOMPRESSED -> {
            }
            case 0x00 -> throw new InvalidPeerKeyException("public key is the point at infinity");
            case 0x02, 0x03 -> throw new InvalidPeerKeyException(
                    "public key is compressed (prefix 02/03); it must be uncompressed (prefix 04)");
            case 0x06, 0x07 -> throw new InvalidPeerKeyException(
                    "public key is in the hybrid form (prefix 06/07); it must be uncompressed (prefix 04)");
            default -> throw new InvalidPeerKeyException("public key is not uncompressed (prefix must be 04)");
        }
    }

    /**
     * Validates the 65-byte public key at {@code offset}: prefix {@code 04}, both coordinates below p,
     * y² = x³ + 7 (mod p). The encoding cannot express infinity and the cofactor is 1, so a key that passes is a
     * point of the prime-order group: an invalid-curve point, which could leak a private key bit by bit across
     * agreements, never gets through.
     *
     * @throws InvalidPeerKeyException naming the check that failed (never the key)
     */
    public static void validatePublicKey(byte[] buf, int offset) throws InvalidPeerKeyException {
        checkUncompressedForm(buf, offset);
        long[] x = Secp256k1Field.read(buf, offset + 1);
        long[] y = Secp256k1Field.read(buf, offset + 1 + SCALAR_LENGTH);
        if (!Secp256k1Field.belowP(x) || !Secp256k1Field.belowP(y)) {
            throw new InvalidPeerKeyException("public key coordinate is not below the field prime");
        }
        if (!Secp256k1Field.onCurve(x, y)) {
            throw new InvalidPeerKeyException("public key is not a point on secp256k1");
        }
    }

    /**
     * The 65-byte public key at {@code offset}, validated as {@link #validatePublicKey} does, as an affine point.
     *
     * @throws InvalidPeerKeyException naming the check that failed (never the key)
     */
    public static ECPoint decodePublicKey(byte[] buf, int offset) throws InvalidPeerKeyException {
        validatePublicKey(buf, offset);
        return new ECPoint(new BigInteger(1, buf, offset + 1, SCALAR_LENGTH),
                new BigInteger(1, buf, offset + 1 + SCALAR_LENGTH, SCALAR_LENGTH));
    }

    /** Whether {@code key} is exactly a valid 65-byte uncompressed public key. */
    public static boolean isValidPublicKey(byte[] key) {
        if (key == null || key.length != PUBLIC_KEY_LENGTH) {
            return false;
        }
        try {
            validatePublicKey(key, 0);
            return true;
        } catch (InvalidPeerKeyException e) {
            return false;
        }
    }

    /** x³ + 7 mod p: the y² a point with abscissa x must have. */
    public static BigInteger curveRightHandSide(BigInteger x) {
        return x.multiply(x).mod(P).multiply(x).add(B).mod(P);
    }

    /** The 65-byte uncompressed encoding of an affine point. */
    public static byte[] encodePublicKey(ECPoint q) {
        if (q == ECPoint.POINT_INFINITY) {
            throw new IllegalArgumentException("the point at infinity has no uncompressed encoding");
        }
        byte[] out = new byte[PUBLIC_KEY_LENGTH];
        out[0] = UNCOMPRESSED;
        writeFixed32(q.getAffineX(), out, 1);
        writeFixed32(q.getAffineY(), out, 1 + SCALAR_LENGTH);
        return out;
    }

    /**
     * Whether the 32-byte big-endian value at {@code offset} is in 1..n-1. Runs in time independent of the value,
     * so it may see secret scalars.
     */
    public static boolean isScalarInRange(byte[] buf, int offset) {
        int nonZero = 0;
        // borrow of s - n over every byte: s < n exactly when the subtraction borrows
        int borrow = 0;
        for (int i = SCALAR_LENGTH - 1; i >= 0; i--) {
            int b = buf[offset + i] & 0xff;
            int diff = b - (ORDER[i] & 0xff) - borrow;
            borrow = (diff >> 31) & 1;
            nonZero |= b;
        }
        return nonZero != 0 && borrow == 1;
    }

    /**
     * A checked copy of a private scalar: 32 bytes big-endian with 1 &le; d &lt; n. The caller wipes the copy.
     *
     * @throws InvalidPrivateKeyException if the length or the range is wrong (the message never shows the scalar)
     */
    public static byte[] privateKey(SecretBytes key) throws InvalidPrivateKeyException {
        if (key.length() != SCALAR_LENGTH) {
            throw new InvalidPrivateKeyException("private key must be 32 bytes, got " + key.length());
        }
        byte[] d = key.copyBytes();
        if (!isScalarInRange(d, 0)) {
            Arrays.fill(d, (byte) 0);
            throw new InvalidPrivateKeyException("private key is not in the range 1..n-1");
        }
        return d;
    }

    /** Fills {@code out[0, 32)} with a uniformly random scalar in 1..n-1 (rejection sampling; the chance of a redraw is below 2⁻¹²⁷). */
    public static void randomScalar(SecureRandom random, byte[] out) {
        if (out.length != SCALAR_LENGTH) {
            throw new IllegalArgumentException("a scalar is 32 bytes");
        }
        do {
            random.nextBytes(out);
        } while (!isScalarInRange(out, 0));
    }

    /**
     * Checks that r and s of a 64-byte signature {@code r ‖ s} are both in 1..n-1, as every ECDSA verification and
     * recovery requires.
     *
     * @throws InvalidSignatureException naming r or s
     */
    public static void checkSignatureScalars(byte[] signature) throws InvalidSignatureException {
        if (signature == null || signature.length != 2 * SCALAR_LENGTH) {
            throw new InvalidSignatureException("signature must be 64 bytes r || s");
        }
        if (!isScalarInRange(signature, 0)) {
            throw new InvalidSignatureException("signature r is not in the range 1..n-1");
        }
        if (!isScalarInRange(signature, SCALAR_LENGTH)) {
            throw new InvalidSignatureException("signature s is not in the range 1..n-1");
        }
    }

    /**
     * Writes {@code v} (0 &le; v &lt; 2²⁵⁶) as exactly 32 big-endian bytes, leading zeros kept: the only correct
     * width for a scalar or coordinate, whatever {@link BigInteger#toByteArray()} returns (31 bytes for a small value,
     * 33 with a sign byte). The same width serves any 256-bit curve's coordinates.
     */
    public static void writeFixed32(BigInteger v, byte[] out, int offset) {
        if (v.signum() < 0 || v.bitLength() > 8 * SCALAR_LENGTH) {
            throw new IllegalArgumentException("value does not fit in 32 unsigned bytes");
        }
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, SCALAR_LENGTH);
        Arrays.fill(out, offset, offset + SCALAR_LENGTH - len, (byte) 0);
        System.arraycopy(b, b.length - len, out, offset + SCALAR_LENGTH - len, len);
        Arrays.fill(b, (byte) 0);
    }

    /** {@code v} as a new 32-byte big-endian array (see {@link #writeFixed32}). */
    public static byte[] toFixed32(BigInteger v) {
        byte[] out = new byte[SCALAR_LENGTH];
        writeFixed32(v, out, 0);
        return out;
    }

    /** Right-aligns a big-endian unsigned value of at most 32 bytes into exactly 32 bytes at {@code offset}. */
    public static void copyFixed32(byte[] in, byte[] out, int offset) {
        if (in.length > SCALAR_LENGTH) {
            throw new IllegalArgumentException("value is longer than 32 bytes");
        }
        Arrays.fill(out, offset, offset + SCALAR_LENGTH - in.length, (byte) 0);
        System.arraycopy(in, 0, out, offset + SCALAR_LENGTH - in.length, in.length);
    }
}
