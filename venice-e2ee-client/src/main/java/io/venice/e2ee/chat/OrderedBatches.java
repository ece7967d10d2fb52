package io.venice.e2ee.chat;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Decrypted batches by sequence number, waiting to be read in stream order, and where the sequence ends. Batches
 * arrive from any thread in any order; readers look them up by number. Lock-free.
 */
final class OrderedBatches {
    private final ConcurrentHashMap<Long, Batch> waiting = new ConcurrentHashMap<>();
    private volatile Throwable endError;
    private volatile long count = -1;

    /** Batch {@code seq} is decrypted. */
    void put(long seq, Batch batch) {
        waiting.put(seq, batch);
    }

    /** Batch {@code seq}, left in place, or null while it is not decrypted (or was taken). */
    Batch peek(long seq) {
        return waiting.get(seq);
    }

    /** Removes and returns batch {@code seq}, or null while it is not decrypted. */
    Batch take(long seq) {
        return waiting.remove(seq);
    }

    /** The body ended after {@code batches} batches, with {@code error} (null after a complete answer). */
    void end(long batches, Throwable error) {
        endError = error;
        count = batches;
    }

    /** Whether the body ended before batch {@code seq}: no batch {@code seq} will come. */
    boolean endsBefore(long seq) {
        long n = count;
        return n >= 0 && seq >= n;
    }

    /** Why the body ended early, or null (read it once {@link #endsBefore} is true). */
    Throwable endError() {
        return endError;
    }

    /** Drops every waiting batch (the stream is over). */
    void clear() {
        waiting.clear();
    }
}
