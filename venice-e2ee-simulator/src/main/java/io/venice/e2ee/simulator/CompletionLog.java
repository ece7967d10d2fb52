package io.venice.e2ee.simulator;

import io.venice.e2ee.crypto.Hex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact request and response bytes of recent completions, by completion id, with the key that served them,
 * so {@code /tee/signature} can sign {@code sha256(request):sha256(response)}. Bounded: the oldest are dropped.
 */
final class CompletionLog {
    /**
     * What a signature covers: the hashes (hex) of the request as received, of the response bytes as sent, of the
     * request as the gateway processes it (decrypted and re-serialized) and of the answer's clear text.
     */
    record Entry(String model, ModelKey key, String requestSha256, String responseSha256, String processedSha256,
                 String clearSha256) {
        /** The legacy signed text: NEAR's {@code req:resp}, or the gateway's {@code processed-req:resp}. */
        String text(boolean gateway) {
            return (gateway ? processedSha256 : requestSha256) + ":" + responseSha256;
        }
    }

    private final Map<String, Entry> entries;

    CompletionLog(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            // qualified: inside a LinkedHashMap subclass, newer JDKs resolve a bare Entry to the inherited Map.Entry
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletionLog.Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records a completion: its request bytes, the SHA-256 of the response bytes as sent, and the gateway's hashes. */
    void put(String id, String model, ModelKey key, byte[] request, byte[] responseSha256, String processedSha256,
             String clearSha256) {
        Entry e = new Entry(model, key, Hex.encode(TdxPlatform.sha256(request)), Hex.encode(responseSha256),
                processedSha256, clearSha256);
        synchronized (entries) {
            entries.put(id, e);
        }
    }

    Entry get(String id) {
        synchronized (entries) {
            return entries.get(id);
        }
    }
}
