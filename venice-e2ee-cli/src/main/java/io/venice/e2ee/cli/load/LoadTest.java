package io.venice.e2ee.cli.load;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.proxy.ListenAddress;
import io.venice.e2ee.proxy.VeniceProxy;
import io.venice.e2ee.simulator.SentChunks;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * N concurrent E2EE streams through the client library or the proxy against an embedded simulator, optionally into
 * faults (disconnects, truncated, corrupted, reordered and byte-split streams, slow drips, 429/500/502, attestations
 * from a debug enclave, for another nonce or tampered), each stream's fault chosen from a seed. Every stream must end
 * whole or with a typed error, and a stream that ends whole must have delivered every chunk the simulator sent, in
 * the order sent: the simulator records what it wrote ({@link SentChunks}) and the report counts what is missing.
 */
public final class LoadTest {
    private static final String API_KEY = "load-test";

    private final int streams;
    private final Via via;
    private final boolean faults;
    private final long seed;
    private final int chunkSize;
    private final int words;
    private final Duration timeout;
    private final Function<VeniceSimulator, VeniceClient.Builder> client;

    private LoadTest(Builder b) {
        this.streams = b.streams;
        this.via = b.via;
        this.faults = b.faults;
        this.seed = b.seed;
        this.chunkSize = b.chunkSize;
        this.words = b.words;
        this.timeout = b.timeout;
        this.client = b.client;
    }

    /**
     * Client settings for the simulator: policy level {@code full} (the command line's default: Intel's collateral
     * and NVIDIA's remote attestation checked too), with the simulator's test roots trusted and its collateral and
     * NRAS services ({@code /pcs}, {@code /nras}) asked.
     */
    public static VeniceClient.Builder simulatorClient(VeniceSimulator sim) {
        VerificationPolicy.Builder policy = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL);
        sim.trustAnchors().forEach(policy::extraTrustAnchor);
        return VeniceClient.builder().policy(policy.build()).pccs(sim.pcsBaseUrl()).nrasUrl(sim.nrasBaseUrl());
    }

    /** A builder: 100 streams through the client, no faults, seed 1. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the streams, closes everything it opened, and reports.
     *
     * @throws IllegalStateException if the simulator or proxy cannot start
     */
    public LoadReport run() {
        // Vert.x starts one Cleaner thread per process, with its first instance: it belongs in the baseline
        closeVertx(Vertx.vertx());
        int threadsBefore = liveThreads();
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        List<StreamFault> plan = StreamFault.plan(streams, faults, seed);
        VeniceSimulator sim = VeniceSimulator.builder().models(Arrays.stream(StreamFault.values())
                        .map(StreamFault::model).toArray(String[]::new))
                .chunkSize(chunkSize).slowDripDelay(Duration.ofMillis(10)).retryAfter(Duration.ofSeconds(1))
                .recordSentChunks(streams + 16).build();
        List<StreamResult> results;
        int connectionsAfter;
        try {
            URI base = sim.start();
            for (StreamFault f : StreamFault.values()) {
                if (f.fault() != null) {
                    sim.faults().enableFor(f.model(), f.fault());
                }
            }
            results = via == Via.CLIENT ? runClient(client.apply(sim).baseUrl(base).apiKey(API_KEY), plan)
                    : runProxy(sim, plan);
            connectionsAfter = awaitConnectionsClosed(sim);
        } finally {
            sim.close();
        }
        int threadsAfter = awaitThreads(threadsBefore);
        double peakHeapMb = heap.stream().filter(MemoryPoolMXBean::isValid)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        List<String> newThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .map(Thread::getName).sorted().toList();
        return report(results, sim.sentChunks(), peakHeapMb, threadsBefore, threadsAfter, newThreads,
                connectionsAfter);
    }

    private List<StreamResult> runClient(VeniceClient.Builder settings, List<StreamFault> plan) {
        try (ClientDriver driver = new ClientDriver(settings, streams + 16)) {
            return runAll(driver, plan);
        }
    }

    private List<StreamResult> runProxy(VeniceSimulator sim, List<StreamFault> plan) {
        VeniceProxy proxy = VeniceProxy.builder().listen(new ListenAddress("127.0.0.1", 0)).upstream(sim.baseUrl())
                .apiKey(API_KEY).upstreamConnections(streams + 16).client(key -> client.apply(sim)).build();
        try (proxy) {
            URI url = proxy.start();
            try (ProxyDriver driver = new ProxyDriver(url, streams + 16, timeout)) {
                return runAll(driver, plan);
            }
        }
    }

    private List<StreamResult> runAll(StreamDriver driver, List<StreamFault> plan) {
        List<CompletableFuture<StreamResult>> futures = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            futures.add(driver.stream(plan.get(i), prompt(i)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StreamResult> out = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                out.add(futures.get(i).get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                out.add(StreamResult.failed(plan.get(i), "no outcome within " + timeout.toSeconds() + " s", false,
                        null, List.of(), System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the streams", e);
            } catch (ExecutionException e) {
                // the drivers complete every future normally; anything else escaped them
                out.add(StreamResult.failed(plan.get(i), e.getCause().getClass().getSimpleName(), false, null,
                        List.of(), System.nanoTime()));
            }
        }
        return out;
    }

    private String prompt(int i) {
        StringBuilder sb = new StringBuilder("stream ").append(i).append(':');
        for (int w = 0; w < words; w++) {
            sb.append(" w").append(w);
        }
        return sb.toString();
    }

    private static LoadReport report(List<StreamResult> results, SentChunks sent, double peakHeapMb,
                                     int threadsBefore, int threadsAfter, List<String> newThreads,
                                     int connectionsAfter) {
        int completed = 0;
        Map<String, Integer> errors = new HashMap<>();
        long delivered = 0;
        long lost = 0;
        List<Double> durations = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        for (StreamResult r : results) {
            delivered += r.received().size();
            if (!r.completed()) {
                errors.merge(r.errorType(), 1, Integer::sum);
                continue;
            }
            completed++;
            durations.add((r.endNanos() - r.startNanos()) / 1e6);
            Optional<List<SentChunks.Chunk>> record = r.completionId() == null ? Optional.empty()
                    : sent.of(r.completionId());
            if (record.isEmpty()) {
                // a completed stream the simulator has no record of: nothing it got can be vouched for
                lost += Math.max(1, r.received().size());
                continue;
            }
            List<SentChunks.Chunk> s = record.get();
            List<StreamResult.Delta> got = r.received();
            for (int i = 0; i < s.size(); i++) {
                SentChunks.Chunk c = s.get(i);
                if (i >= got.size() || got.get(i).reasoning() != c.reasoning() || !got.get(i).text().equals(c.text())) {
                    lost++;
                } else {
                    added.add((got.get(i).nanos() - c.writtenNanos()) / 1e6);
                }
            }
            lost += Math.max(0, got.size() - s.size());
        }
        return new LoadReport(results.size(), completed, results.size() - completed, errors, delivered, lost,
                percentile(durations, 50), percentile(durations, 99), percentile(added, 99), peakHeapMb,
                threadsBefore, threadsAfter, newThreads, connectionsAfter);
    }

    private static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, rank))];
    }

    private static void closeVertx(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Vert.x did not close: " + e, e);
        }
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Closing a connection is asynchronous at the other end: waits (bounded) until the simulator sees none open. */
    private static int awaitConnectionsClosed(VeniceSimulator sim) {
        return awaitAtMost(sim::openConnections, 0);
    }

    /**
     * Threads of closed pools end a moment after the close returns, and the {@code Cleaner} thread each Vert.x
     * instance starts ends only once the closed instance is garbage-collected: waits (bounded) for the baseline,
     * asking for a collection as it waits.
     */
    private static int awaitThreads(int baseline) {
        return awaitAtMost(() -> {
            System.gc();
            return liveThreads();
        }, baseline);
    }

    private static int awaitAtMost(java.util.function.IntSupplier count, int target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int n = count.getAsInt();
        while (n > target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            n = count.getAsInt();
        }
        return n;
    }

    /** Builds a {@link LoadTest}. */
    public static final class Builder {
        private int streams = 100;
        private Via via = Via.CLIENT;
        private boolean faults;
        private long seed = 1;
        private int chunkSize = 4;
        private int words = 24;
        private Duration timeout = Duration.ofMinutes(10);
        private Function<VeniceSimulator, VeniceClient.Builder> client = LoadTest::simulatorClient;

        private Builder() {
        }

        /** Concurrent streams; default 100. */
        public Builder streams(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("streams must be at least 1, got " + streams);
            }
            this.streams = streams;
            return this;
        }

        /** Through the client library or the proxy; default the client. */
        public Builder via(Via via) {
            this.via = Objects.requireNonNull(via, "via");
            return this;
        }

        /** Whether half the streams (chosen from the seed) meet a fault; default false. */
        public Builder faults(boolean faults) {
            this.faults = faults;
            return this;
        }

        /** The seed that picks each stream's fault; the same seed gives the same plan. Default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Characters per streamed chunk; default 4. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1");
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** Words per prompt (the simulator echoes them back); default 24. */
        public Builder words(int words) {
            if (words < 1) {
                throw new IllegalArgumentException("words must be at least 1");
            }
            this.words = words;
            return this;
        }

        /** How long the streams may take in all before those without an outcome count as failed; default 10 min. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The client settings (verification policy, crypto, where collateral comes from) for the started simulator,
         * for the client library or for the proxy's sessions; the load test then sets the base URL, key and
         * transport. Default: the default policy level trusting the simulator's test roots.
         */
        public Builder client(Function<VeniceSimulator, VeniceClient.Builder> settings) {
            this.client = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The load test; {@link LoadTest#run()} runs it. */
        public LoadTest build() {
            return new LoadTest(this);
        }
    }
}
