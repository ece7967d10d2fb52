package io.venice.e2ee.crypto;

import java.util.Arrays;

/**
 * Just enough arithmetic modulo secp256k1's p to check y² = x³ + 7 without {@link java.math.BigInteger}: the point
 * check runs before every agreement, and on {@code BigInteger} it cost more than a microsecond and about 1.9 KB of
 * garbage per chunk; here it is five small arrays. Numbers are 8 little-endian 32-bit limbs held in {@code long}s, so every partial product and
 * carry fits in 64 bits. Public data only (timing may depend on the values).
 */
final class Secp256k1Field {
    private static final long MASK = 0xffffffffL;
    /** p = 2²⁵⁶ − 2³² − 977, little-endian limbs. */
    private static final long[] P = {0xfffffc2fL, 0xfffffffeL, MASK, MASK, MASK, MASK, MASK, MASK};
    /** 2²⁵⁶ mod p = 2³² + 977: the low limb of the fold; the high limb is 1. */
    private static final long FOLD = 977;

    private Secp256k1Field() {
    }

    /** The 32 big-endian bytes at {@code offset} as limbs. */
    static long[] read(byte[] buf, int offset) {
        long[] a = new long[8];
        for (int i = 0; i < 8; i++) {
            int o = offset + 28 - 4 * i;
            a[i] = ((buf[o] & 0xffL) << 24) | ((buf[o + 1] & 0xffL) << 16) | ((buf[o + 2] & 0xffL) << 8)
                    | (buf[o + 3] & 0xffL);
        }
        return a;
    }

    /** Whether {@code a} &lt; p. */
    static boolean belowP(long[] a) {
        for (int i = 7; i >= 0; i--) {
            if (a[i] != P[i]) {
                return a[i] < P[i];
            }
        }
        return false;
    }

    /** Whether (x, y), both below p, satisfies y² = x³ + 7 (mod p). */
    static boolean onCurve(long[] x, long[] y) {
        long[] wide = new long[16];
        long[] lhs = new long[8];
        long[] rhs = new long[8];
        multiply(y, y, wide, lhs);
        multiply(x, x, wide, rhs);
        multiply(rhs, x, wide, rhs);
        addSmall(rhs, 7);
        return Arrays.equals(lhs, rhs);
    }

    /**
     * Writes a·b mod p, fully reduced (below p), into {@code out}, for a, b &lt; 2²⁵⁶; {@code wide} (16 limbs) is
     * scratch. {@code out} may be {@code a} or {@code b}: they are read before it is written.
     */
    static void multiply(long[] a, long[] b, long[] wide, long[] out) {
        long[] r = wide;
        Arrays.fill(r, 0);
        for (int i = 0; i < 8; i++) {
            long carry = 0;
            for (int j = 0; j < 8; j++) {
                // < 2⁶⁴ as an unsigned value: (2³²−1)² + 2·(2³²−1)
                long t = a[i] * b[j] + r[i + j] + carry;
                r[i + j] = t & MASK;
                carry = t >>> 32;
            }
            r[i + 8] = carry;
        }
        reduce(r, out);
    }

    /**
     * A 512-bit value L + H·2²⁵⁶ (16 limbs) reduced mod p: H·2²⁵⁶ ≡ H·(2³² + 977), so L + H·977 + (H shifted up one
     * limb) is below 2²⁹⁰; its bits from 256 up are folded the same way once more, then p is subtracted if needed.
     */
    private static void reduce(long[] r, long[] t) {
        long carry = 0;
        for (int k = 0; k < 8; k++) {
            long sum = r[k] + r[8 + k] * FOLD + (k > 0 ? r[7 + k] : 0) + carry;
            t[k] = sum & MASK;
            carry = sum >>> 32;
        }
        // bits 256 and up: H's top limb shifted up, plus the carry; below 2³⁴
        long high = r[15] + carry;
        long low = high * FOLD;
        long sum = t[0] + (low & MASK);
        t[0] = sum & MASK;
        sum = t[1] + (low >>> 32) + (high & MASK) + (sum >>> 32);
        t[1] = sum & MASK;
        sum = t[2] + (high >>> 32) + (sum >>> 32);
        t[2] = sum & MASK;
        carry = sum >>> 32;
        for (int k = 3; k < 8 && carry != 0; k++) {
            sum = t[k] + carry;
            t[k] = sum & MASK;
            carry = sum >>> 32;
        }
        if (carry != 0) {
            // wrapped past 2²⁵⁶: what is left is small, and adding 2²⁵⁶ mod p to it cannot wrap again
            addFold(t);
        }
        if (!belowP(t)) {
            // t − p = t + (2²⁵⁶ − p) − 2²⁵⁶: add the fold and drop the carry out of the top limb
            addFold(t);
        }
    }

    /** a + 7 mod p in place, for a &lt; p. */
    static void addSmall(long[] a, long v) {
        long carry = v;
        for (int k = 0; k < 8 && carry != 0; k++) {
            long sum = a[k] + carry;
            a[k] = sum & MASK;
            carry = sum >>> 32;
        }
        if (!belowP(a)) {
            addFold(a);
        }
    }

    /** Adds 2³² + 977 in place, dropping any carry out of the top limb. */
    private static void addFold(long[] t) {
        long sum = t[0] + FOLD;
        t[0] = sum & MASK;
        sum = t[1] + 1 + (sum >>> 32);
        t[1] = sum & MASK;
        long carry = sum >>> 32;
        for (int k = 2; k < 8 && carry != 0; k++) {
            sum = t[k] + carry;
            t[k] = sum & MASK;
            carry = sum >>> 32;
        }
    }
}
