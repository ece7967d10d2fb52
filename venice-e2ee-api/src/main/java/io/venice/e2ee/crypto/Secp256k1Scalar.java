package io.venice.e2ee.crypto;

import java.util.Arrays;

/**
 * Arithmetic modulo the group order n on 32-byte big-endian scalars, in 32-bit limbs that are zero-filled after
 * use: what a provider needs to blind or split a private scalar without ever making it a {@link java.math.BigInteger}
 * (whose magnitude cannot be wiped and outlives the key pair that held it). Inputs are below n; every loop runs a
 * fixed number of times, whatever the values.
 */
public final class Secp256k1Scalar {
    private static final long MASK = 0xffffffffL;
    private static final int LIMBS = 8;
    /** n, little-endian 32-bit limbs. */
    private static final int[] N = {0xd0364141, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, -1, -1, -1};
    /** 2²⁵⁶ − n (129 bits), little-endian limbs: 2²⁵⁶ ≡ this (mod n). */
    private static final int[] C = {0x2fc9bebf, 0x402da173, 0x50b75fc4, 0x45512319, 1};

    private Secp256k1Scalar() {
    }

    /** {@code out = (a + b) mod n}; {@code out} may be {@code a} or {@code b}. */
    public static void add(byte[] a, byte[] b, byte[] out) {
        int[] x = limbs(a);
        int[] y = limbs(b);
        int[] sum = new int[LIMBS + 1];
        try {
            long carry = 0;
            for (int i = 0; i < LIMBS; i++) {
                long v = (x[i] & MASK) + (y[i] & MASK) + carry;
                sum[i] = (int) v;
                carry = v >>> 32;
            }
            sum[LIMBS] = (int) carry;
            reduceOnce(sum);
            write(sum, out);
        } finally {
            wipe(x, y, sum);
        }
    }

    /** {@code out = (a − b) mod n}; {@code out} may be {@code a} or {@code b}. */
    public static void subtract(byte[] a, byte[] b, byte[] out) {
        int[] x = limbs(a);
        int[] y = limbs(b);
        int[] diff = new int[LIMBS];
        try {
            long borrow = 0;
            for (int i = 0; i < LIMBS; i++) {
                long v = (x[i] & MASK) - (y[i] & MASK) - borrow;
                diff[i] = (int) v;
                borrow = (v >>> 63);
            }
            // a negative difference gets n added back: mask is all ones exactly when there was a borrow
            long mask = -borrow;
            long carry = 0;
            for (int i = 0; i < LIMBS; i++) {
                long v = (diff[i] & MASK) + (N[i] & MASK & mask) + carry;
                diff[i] = (int) v;
                carry = v >>> 32;
            }
            write(diff, out);
        } finally {
            wipe(x, y, diff);
        }
    }

    /** {@code out = (a · b) mod n}; {@code out} may be {@code a} or {@code b}. */
    public static void multiply(byte[] a, byte[] b, byte[] out) {
        int[] x = limbs(a);
        int[] y = limbs(b);
        int[] product = new int[2 * LIMBS];
        int[] r1 = null;
        int[] r2 = null;
        int[] r3 = null;
        try {
            for (int i = 0; i < LIMBS; i++) {
                long carry = 0;
                for (int j = 0; j < LIMBS; j++) {
                    // at most (2³²−1)² + 2·(2³²−1) = 2⁶⁴ − 1: exact in 64 bits read as unsigned
                    long v = (x[i] & MASK) * (y[j] & MASK) + (product[i + j] & MASK) + carry;
                    product[i + j] = (int) v;
                    carry = v >>> 32;
                }
                product[i + LIMBS] = (int) carry;
            }
            // 2²⁵⁶ ≡ C: fold the limbs above 256 bits down three times (512 ▸ 386 ▸ 260 ▸ 257 bits), then one
            // conditional subtraction of n leaves a value below n
            r1 = fold(product);
            r2 = fold(r1);
            r3 = fold(r2);
            int[] last = Arrays.copyOf(r3, LIMBS + 1);
            try {
                reduceOnce(last);
                write(last, out);
            } finally {
                Arrays.fill(last, 0);
            }
        } finally {
            wipe(x, y, product);
            wipe(r1, r2, r3);
        }
    }

    /** lo + hi·C, where lo is the low 8 limbs of {@code t} and hi the rest. */
    private static int[] fold(int[] t) {
        int hiLength = t.length - LIMBS;
        int[] r = new int[Math.max(LIMBS, hiLength + C.length) + 1];
        System.arraycopy(t, 0, r, 0, LIMBS);
        for (int i = 0; i < hiLength; i++) {
            long hi = t[LIMBS + i] & MASK;
            long carry = 0;
            for (int j = 0; j < C.length; j++) {
                long v = hi * (C[j] & MASK) + (r[i + j] & MASK) + carry;
                r[i + j] = (int) v;
                carry = v >>> 32;
            }
            for (int k = i + C.length; k < r.length; k++) {
                long v = (r[k] & MASK) + carry;
                r[k] = (int) v;
                carry = v >>> 32;
            }
        }
        return r;
    }

    /** Subtracts n from a 9-limb value below 2n when it is at least n, without a branch on the value. */
    private static void reduceOnce(int[] v) {
        int[] d = new int[LIMBS + 1];
        long borrow = 0;
        for (int i = 0; i <= LIMBS; i++) {
            long s = (v[i] & MASK) - (i < LIMBS ? N[i] & MASK : 0) - borrow;
            d[i] = (int) s;
            borrow = s >>> 63;
        }
        // keep v when v − n went negative (borrow 1), else take the difference
        int keep = (int) -borrow;
        for (int i = 0; i <= LIMBS; i++) {
            v[i] = (v[i] & keep) | (d[i] & ~keep);
        }
        Arrays.fill(d, 0);
    }

    private static int[] limbs(byte[] be32) {
        if (be32 == null || be32.length != Secp256k1.SCALAR_LENGTH) {
            throw new IllegalArgumentException("a scalar is 32 bytes");
        }
        int[] l = new int[LIMBS];
        for (int i = 0; i < LIMBS; i++) {
            int o = 28 - 4 * i;
            l[i] = (be32[o] & 0xff) << 24 | (be32[o + 1] & 0xff) << 16 | (be32[o + 2] & 0xff) << 8 | (be32[o + 3] & 0xff);
        }
        return l;
    }

    private static void write(int[] limbs, byte[] out) {
        if (out == null || out.length != Secp256k1.SCALAR_LENGTH) {
            throw new IllegalArgumentException("a scalar is 32 bytes");
        }
        for (int i = 0; i < LIMBS; i++) {
            int o = 28 - 4 * i;
            out[o] = (byte) (limbs[i] >>> 24);
            out[o + 1] = (byte) (limbs[i] >>> 16);
            out[o + 2] = (byte) (limbs[i] >>> 8);
            out[o + 3] = (byte) limbs[i];
        }
    }

    private static void wipe(int[]... arrays) {
        for (int[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, 0);
            }
        }
    }
}
