package io.venice.e2ee.client.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An in-memory cache of asynchronously loaded values in which concurrent callers share one load (single flight):
 * while a key is loading, every caller gets the same load's result. A loaded value is kept until the instant its
 * {@code keepUntil} function gives (null, or an instant not after now, keeps nothing); a failed load is kept for the
 * negative time-to-live, so a burst of callers does not hammer a service that just failed, and then forgotten.
 * Time comes from the given clock. Thread-safe.
 *
 * @param <K> the key: what the value depends on
 * @param <V> the value
 */
public final class SingleFlightCache<K, V> {
    /** Where a caller's value came from. */
    public enum Origin {
        /** This caller's own load. */
        LOADED,
        /** A load another caller started and this one joined. */
        SHARED,
        /** Kept from an earlier load. */
        CACHED
    }

    /**
     * A value and where it came from.
     *
     * @param value  the value
     * @param origin where it came from
     */
    public record Result<V>(V value, Origin origin) {
    }

    /** One key's state: a load in flight, or its outcome and until when it is kept. */
    private static final class Slot<V> {
        final CompletableFuture<V> load;
        volatile Instant until;

        Slot(CompletableFuture<V> load) {
            this.load = load;
        }
    }

    private final ConcurrentMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration negativeTtl;

    /**
     * A cache.
     *
     * @param clock       tells the time (injectable for tests)
     * @param negativeTtl how long a failed load is remembered (zero: not at all)
     */
    public SingleFlightCache(Clock clock, Duration negativeTtl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (negativeTtl.isNegative()) {
            throw new IllegalArgumentException("negativeTtl must not be negative");
        }
        this.negativeTtl = negativeTtl;
    }

    /**
     * The value of {@code key}: kept, being loaded by another caller, or loaded now with {@code loader}.
     *
     * @param loader    starts a load (called at most once per call, only when nothing usable is kept or loading)
     * @param keepUntil until when a loaded value may be kept (null or not after now: not kept)
     * @return the value and where it came from; fails with the load's error (unwrapped)
     */
    public CompletableFuture<Result<V>> get(K key, Supplier<CompletableFuture<V>> loader,
                                           Function<? super V, Instant> keepUntil) {
        Objects.requireNonNull(key, "key");
        while (true) {
            Slot<V> slot = slots.get(key);
            if (slot != null) {
                Instant until = slot.until;
                if (until == null) {
                    // still loading (or just finished and being settled): share it
                    return slot.load.thenApply(v -> new Result<>(v, Origin.SHARED));
                }
                if (clock.instant().isBefore(until)) {
                    return slot.load.thenApply(v -> new Result<>(v, Origin.CACHED));
                }
                slots.remove(key, slot);
                continue;
            }
            CompletableFuture<V> mine = new CompletableFuture<>();
            Slot<V> fresh = new Slot<>(mine);
            if (slots.putIfAbsent(key, fresh) != null) {
                continue;
            }
            start(key, fresh, loader, keepUntil);
            return mine.thenApply(v -> new Result<>(v, Origin.LOADED));
        }
    }

    private void start(K key, Slot<V> slot, Supplier<CompletableFuture<V>> loader,
                       Function<? super V, Instant> keepUntil) {
        CompletableFuture<V> load;
        try {
            load = Objects.requireNonNull(loader.get(), "the loader returned no future");
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((v, e) -> {
            Instant now = clock.instant();
            if (e == null) {
                Instant until;
                try {
                    until = keepUntil.apply(v);
                } catch (RuntimeException x) {
                    until = null;
                }
                settle(key, slot, until != null && until.isAfter(now) ? until : null);
                slot.load.complete(v);
            } else {
                settle(key, slot, negativeTtl.isZero() ? null : now.plus(negativeTtl));
                slot.load.completeExceptionally(unwrap(e));
            }
        });
    }

    /** Keeps the slot until {@code until}, or drops it (null) so the next caller loads again. */
    private void settle(K key, Slot<V> slot, Instant until) {
        if (until == null) {
            slots.remove(key, slot);
        } else {
            slot.until = until;
        }
    }

    /** Forgets {@code key} (a load in flight still completes for those waiting on it). */
    public void invalidate(K key) {
        slots.remove(key);
    }

    /**
     * Forgets {@code key} if its kept value matches {@code stale}: a value another caller replaced in the meantime
     * stays. Returns whether it was forgotten.
     */
    public boolean invalidateIf(K key, Predicate<? super V> stale) {
        Slot<V> slot = slots.get(key);
        if (slot == null || slot.until == null || slot.load.isCompletedExceptionally()) {
            return false;
        }
        V v = slot.load.getNow(null);
        return v != null && stale.test(v) && slots.remove(key, slot);
    }

    /** Forgets everything. */
    public void clear() {
        slots.clear();
    }

    /** How many keys are kept or loading. */
    public int size() {
        return slots.size();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
