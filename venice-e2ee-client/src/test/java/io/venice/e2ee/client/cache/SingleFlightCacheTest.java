package io.venice.e2ee.client.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One load per key in flight, values kept until their own instant, failures remembered briefly; time by hand. */
class SingleFlightCacheTest {
    private static final Instant T0 = Instant.parse("2026-04-24T02:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final AtomicInteger loads = new AtomicInteger();

    private CompletableFuture<String> load(String value) {
        loads.incrementAndGet();
        return CompletableFuture.completedFuture(value);
    }

    @Test
    void concurrentCallersShareOneLoad() throws Exception {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ZERO);
        CompletableFuture<String> upstream = new CompletableFuture<>();
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<CompletableFuture<SingleFlightCache.Result<String>>> results = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<CompletableFuture<SingleFlightCache.Result<String>>>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    CompletableFuture<SingleFlightCache.Result<String>> r = cache.get("fmspc", () -> {
                        loads.incrementAndGet();
                        return upstream;
                    }, v -> T0.plusSeconds(60));
                    asked.countDown();
                    return r;
                }));
            }
            start.countDown();
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            // every caller has asked while the one load is still in flight
            assertThat(loads).hasValue(1);
            for (var c : calls) {
                results.add(c.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).noneMatch(CompletableFuture::isDone);
            upstream.complete("answer");
            List<SingleFlightCache.Origin> origins = new ArrayList<>();
            for (var r : results) {
                SingleFlightCache.Result<String> v = r.get(10, TimeUnit.SECONDS);
                assertThat(v.value()).isEqualTo("answer");
                origins.add(v.origin());
            }
            assertThat(origins).filteredOn(o -> o == SingleFlightCache.Origin.LOADED).hasSize(1);
            assertThat(origins).filteredOn(o -> o == SingleFlightCache.Origin.SHARED).hasSize(callers - 1);
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aValueIsKeptUntilItsOwnInstantAndLoadedAgainAfter() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ZERO);
        Instant until = T0.plus(Duration.ofDays(30));
        assertThat(cache.get("k", () -> load("a"), v -> until).join().origin()).isEqualTo(SingleFlightCache.Origin.LOADED);
        clock.set(until.minusSeconds(1));
        SingleFlightCache.Result<String> kept = cache.get("k", () -> load("b"), v -> until).join();
        assertThat(kept.value()).isEqualTo("a");
        assertThat(kept.origin()).isEqualTo(SingleFlightCache.Origin.CACHED);
        assertThat(loads).hasValue(1);
        clock.set(until);
        SingleFlightCache.Result<String> again = cache.get("k", () -> load("b"), v -> until.plusSeconds(60)).join();
        assertThat(again.value()).isEqualTo("b");
        assertThat(again.origin()).isEqualTo(SingleFlightCache.Origin.LOADED);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aValueWithNoOrAPastInstantIsNotKept() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ZERO);
        cache.get("k", () -> load("a"), v -> null).join();
        cache.get("k", () -> load("a"), v -> T0).join();
        cache.get("k", () -> load("a"), v -> T0.minusSeconds(1)).join();
        assertThat(loads).hasValue(3);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aFailedLoadIsRememberedForTheNegativeTtlThenTriedAgain() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ofSeconds(30));
        IllegalStateException boom = new IllegalStateException("503");
        java.util.function.Supplier<CompletableFuture<String>> failing = () -> {
            loads.incrementAndGet();
            return CompletableFuture.failedFuture(boom);
        };
        assertThatThrownBy(() -> cache.get("k", failing, v -> T0.plusSeconds(60)).join()).hasCause(boom);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> cache.get("k", failing, v -> T0.plusSeconds(60)).join()).hasCause(boom);
        assertThat(loads).as("remembered, not asked again").hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k", () -> load("ok"), v -> clock.instant().plusSeconds(60)).join().value())
                .isEqualTo("ok");
        assertThat(loads).hasValue(2);
    }

    @Test
    void withoutANegativeTtlAFailureIsForgottenAtOnce() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ZERO);
        cache.get("k", () -> CompletableFuture.failedFuture(new IllegalStateException()), v -> T0.plusSeconds(9))
                .exceptionally(e -> null).join();
        assertThat(cache.get("k", () -> load("ok"), v -> T0.plusSeconds(60)).join().value()).isEqualTo("ok");
    }

    @Test
    void aLoaderThatThrowsFailsItsCallersLikeAFailedLoad() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ZERO);
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IllegalArgumentException("no such piece");
        }, v -> T0.plusSeconds(60)).join()).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void invalidateIfDropsOnlyAMatchingKeptValue() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(clock, Duration.ZERO);
        cache.get("model", () -> load("key-1"), v -> T0.plusSeconds(600)).join();
        assertThat(cache.invalidateIf("model", "key-2"::equals)).isFalse();
        assertThat(cache.get("model", () -> load("key-2"), v -> T0.plusSeconds(600)).join().value()).isEqualTo("key-1");
        assertThat(cache.invalidateIf("model", "key-1"::equals)).isTrue();
        assertThat(cache.get("model", () -> load("key-2"), v -> T0.plusSeconds(600)).join().value()).isEqualTo("key-2");
    }
}
