package io.venice.e2ee.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Every request the simulator received, oldest first (bounded: the oldest are dropped past the capacity), so a test
 * can see what a client asked for and what it did not: a second session within a cache's lifetime makes no new
 * attestation or collateral request. Readable in process ({@link VeniceSimulator#requests()}) and over HTTP
 * ({@code GET /_sim/requests}). Thread-safe.
 */
public final class RequestLog {
    /**
     * One request as received.
     *
     * @param method HTTP method
     * @param path   the path, e.g. {@code /pcs/tdx/certification/v4/tcb}
     * @param query  the raw query string, or empty
     * @param at     when it arrived
     */
    public record Entry(String method, String path, String query, Instant at) {
        /** Validates the parts. */
        public Entry {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            query = query == null ? "" : query;
            Objects.requireNonNull(at, "at");
        }

        /** Whether the path starts with {@code prefix}. */
        public boolean under(String prefix) {
            return path.startsWith(prefix);
        }
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    void add(Entry e) {
        synchronized (entries) {
            entries.addLast(e);
            while (entries.size() > capacity) {
                entries.removeFirst();
            }
        }
    }

    /** Every request kept, oldest first. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** How many requests kept have a path starting with {@code prefix}. */
    public long count(String prefix) {
        return entries().stream().filter(e -> e.under(prefix)).count();
    }

    /** Forgets every request. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
