package io.venice.e2ee.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulator's streamed answers actually sent, text chunk by text chunk, by completion id: each content or
 * reasoning delta in the order it was written to the connection (after any fault reordered or cut the stream), with
 * the time it was written. A load test holds what its callers received against it: a chunk sent but never delivered,
 * or delivered out of order, is lost. Kept only when {@link VeniceSimulator.Builder#recordSentChunks} is on; bounded,
 * the oldest streams are dropped. Thread-safe.
 */
public final class SentChunks {
    /**
     * One delta as written.
     *
     * @param reasoning    whether it was {@code reasoning_content} (else {@code content})
     * @param text         its text in the clear (what the caller should read after decryption)
     * @param writtenNanos {@link System#nanoTime()} when its event was handed to the connection
     */
    public record Chunk(boolean reasoning, String text, long writtenNanos) {
    }

    private final Map<String, List<Chunk>> streams;

    SentChunks(int capacity) {
        this.streams = new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Chunk>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The deltas written so far for completion {@code id}, in the order written; empty if none is recorded. */
    public Optional<List<Chunk>> of(String id) {
        List<Chunk> chunks;
        synchronized (streams) {
            chunks = streams.get(id);
        }
        if (chunks == null) {
            return Optional.empty();
        }
        synchronized (chunks) {
            return Optional.of(List.copyOf(chunks));
        }
    }

    /** How many streams are recorded. */
    public int size() {
        synchronized (streams) {
            return streams.size();
        }
    }

    /** Forgets every recorded stream. */
    public void clear() {
        synchronized (streams) {
            streams.clear();
        }
    }

    /** Starts the record of one stream; the writer adds each delta as it is written. */
    List<Chunk> open(String id) {
        List<Chunk> chunks = new ArrayList<>();
        synchronized (streams) {
            streams.put(id, chunks);
        }
        return chunks;
    }

    static void written(List<Chunk> record, boolean reasoning, String text) {
        Chunk c = new Chunk(reasoning, text, System.nanoTime());
        synchronized (record) {
            record.add(c);
        }
    }
}
