package io.venice.e2ee.chat;

/**
 * The server ephemeral keys one session has opened envelopes with, to refuse a key seen twice: a repeated key means a
 * replayed chunk (the protocol does not authenticate chunks, so a replay would otherwise decrypt) or a server reusing
 * an AES key. Kept compact and bounded for the per-chunk path: each key is remembered as the first 8 bytes of its X
 * coordinate (X of a fresh random point is uniformly random, so this is as good as a hash of the key; a point and its
 * negation share X and give the same shared secret, so both count as the same key), in two generations of
 * open-addressing tables of {@code long}: when the current one holds {@link #GENERATION} keys it becomes the previous
 * one, so at least the last {@value #GENERATION} keys are always remembered and at most twice that. Thread-safe.
 */
final class SeenEphemeralKeys {
    /** Keys per generation: tables of at most 2 × this many longs (256 KiB) each. */
    static final int GENERATION = 16_384;
    private static final int FIRST_TABLE = 256;

    private long[] current = new long[FIRST_TABLE];
    private int currentSize;
    private long[] previous = new long[0];

    /**
     * Records the key of an envelope given as hex ({@code 04}, X, Y, ...), and whether it was new.
     *
     * @param envelopeHex an envelope whose first 18 characters are hex digits (it has been opened)
     * @return false when this key (or its negation) was already recorded
     */
    boolean add(CharSequence envelopeHex) {
        return add(xPrefix(envelopeHex));
    }

    /** Records a key by its X prefix; 0 is stored as 1 since 0 marks an empty slot. */
    synchronized boolean add(long xPrefix) {
        long key = xPrefix == 0 ? 1 : xPrefix;
        if (contains(previous, key) || contains(current, key)) {
            return false;
        }
        if (currentSize == GENERATION) {
            previous = current;
            current = new long[FIRST_TABLE];
            currentSize = 0;
        } else if (2 * (currentSize + 1) > current.length) {
            current = grow(current);
        }
        insert(current, key);
        currentSize++;
        return true;
    }

    /** The first 8 bytes of X: hex digits 2..18 of the envelope. */
    static long xPrefix(CharSequence hex) {
        long v = 0;
        for (int i = 2; i < 18; i++) {
            v = v << 4 | Character.digit(hex.charAt(i), 16);
        }
        return v;
    }

    private static boolean contains(long[] table, long key) {
        if (table.length == 0) {
            return false;
        }
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == key) {
                return true;
            }
            if (v == 0) {
                return false;
            }
        }
    }

    private static void insert(long[] table, long key) {
        int mask = table.length - 1;
        int i = slot(key, mask);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = key;
    }

    private static long[] grow(long[] table) {
        long[] bigger = new long[table.length * 2];
        for (long v : table) {
            if (v != 0) {
                insert(bigger, v);
            }
        }
        return bigger;
    }

    private static int slot(long key, int mask) {
        // the bits are already uniform; the fold keeps the high ones in play for small tables
        return (int) (key ^ key >>> 32) & mask;
    }
}
