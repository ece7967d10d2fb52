package io.venice.e2ee.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The model list one client has fetched, kept for a while: privacy decisions read capabilities from it without a
 * request per chat. A failed fetch is not kept (the next decision asks again). Thread-safe.
 */
final class ModelCatalog {
    private final VeniceApi api;
    private final Clock clock;
    private final Duration ttl;
    private CompletableFuture<List<ModelInfo>> current;
    private Instant fetchedAt;

    /** @param ttl how long a fetched list is used before it is fetched again */
    ModelCatalog(VeniceApi api, Clock clock, Duration ttl) {
        this.api = api;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The list, from the cache while it is fresh; one fetch at a time. */
    synchronized CompletableFuture<List<ModelInfo>> models() {
        Instant now = clock.instant();
        if (current != null && (!current.isDone() || !current.isCompletedExceptionally()
                && now.isBefore(fetchedAt.plus(ttl)))) {
            return current;
        }
        return fetch(now);
    }

    /** A fresh list, which replaces the cached one. */
    synchronized CompletableFuture<List<ModelInfo>> refresh() {
        return fetch(clock.instant());
    }

    private CompletableFuture<List<ModelInfo>> fetch(Instant now) {
        CompletableFuture<List<ModelInfo>> f = api.models();
        current = f;
        fetchedAt = now;
        return f;
    }
}
