package io.venice.e2ee.client.collateral;

import io.venice.e2ee.client.cache.DiskStore;
import io.venice.e2ee.client.cache.SingleFlightCache;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Keeps the answers of another source: in memory, and on disk when given a directory. An answer is keyed by the
 * method and URL it was fetched from (which name everything it depends on: FMSPC, CA type, the service), checked by
 * the {@link AnswerGate} as it arrives and kept only if it passes, until the instant the gate gives; concurrent
 * requests for the same piece share one fetch; a failed fetch is remembered for a short negative time-to-live. An
 * answer read back from disk is checked again before use. NVIDIA's remote attestation answers go through unkept.
 */
public final class CachingSource implements CollateralSource {
    private final CollateralSource upstream;
    private final AnswerGate gate;
    private final Clock clock;
    private final Executor cpu;
    private final DiskStore disk;
    private final SingleFlightCache<String, FetchedAnswer> memory;

    /**
     * A cache in front of {@code upstream}.
     *
     * @param gate        decides what is kept, and until when
     * @param clock       the time answers are checked and expire at
     * @param negativeTtl how long a failed fetch is remembered
     * @param cpu         where answers are checked (signature checks: never an I/O thread)
     * @param disk        where answers are also kept across processes, or null for memory only
     */
    public CachingSource(CollateralSource upstream, AnswerGate gate, Clock clock, Duration negativeTtl, Executor cpu,
                         DiskStore disk) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.disk = disk;
        this.memory = new SingleFlightCache<>(clock, negativeTtl);
    }

    @Override
    public URI locate(CollateralRequest request) {
        return upstream.locate(request);
    }

    @Override
    public CompletableFuture<FetchedAnswer> fetch(CollateralRequest request) {
        if (request instanceof CollateralRequest.NrasAttestation) {
            return upstream.fetch(request);
        }
        String key;
        try {
            key = key(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return memory.get(key, () -> load(key, request), FetchedAnswer::keptUntil).thenApply(r ->
                r.origin() == SingleFlightCache.Origin.CACHED ? r.value().reachedBy(FetchedAnswer.Origin.MEMORY)
                        : r.value());
    }

    /** Forgets {@code request}'s answer, in memory and on disk (e.g. a key set that lacks a key a token names). */
    public void forget(CollateralRequest request) {
        String key = key(request);
        memory.invalidate(key);
        if (disk != null) {
            disk.delete(key);
        }
    }

    private CompletableFuture<FetchedAnswer> load(String key, CollateralRequest request) {
        return CompletableFuture.supplyAsync(() -> fromDisk(key), cpu).thenCompose(stored -> stored != null
                ? CompletableFuture.completedFuture(stored)
                : upstream.fetch(request).thenApplyAsync(a -> {
                    FetchedAnswer checked = checked(a);
                    if (disk != null && checked.keptUntil() != null) {
                        disk.write(key, AnswerCodec.toDocument(key, checked));
                    }
                    return checked;
                }, cpu));
    }

    /** A kept answer read back from disk, still current and checked again now; null if there is none. */
    private FetchedAnswer fromDisk(String key) {
        if (disk == null) {
            return null;
        }
        byte[] doc = disk.read(key).orElse(null);
        FetchedAnswer stored = doc == null ? null : AnswerCodec.fromDocument(key, doc);
        if (stored == null) {
            return null;
        }
        FetchedAnswer checked = checked(stored.reachedBy(FetchedAnswer.Origin.DISK));
        if (checked.keptUntil() == null) {
            disk.delete(key);
            return null;
        }
        return checked;
    }

    /** The answer with the gate's keep-until instant, or none if the gate refuses it now. */
    private FetchedAnswer checked(FetchedAnswer a) {
        Instant now = clock.instant();
        try {
            Instant until = gate.keepUntil(a, now);
            return a.keptUntil(until.isAfter(now) ? until : null);
        } catch (GeneralSecurityException e) {
            return a.keptUntil(null);
        }
    }

    private String key(CollateralRequest request) {
        return request.piece() + " GET " + upstream.locate(request);
    }

    @Override
    public String toString() {
        return "CachingSource[" + upstream + (disk != null ? ", disk " + disk.directory() : "") + "]";
    }
}
