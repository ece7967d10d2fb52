package io.venice.e2ee.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.client.cache.DiskStore;
import io.venice.e2ee.client.cache.SingleFlightCache;
import io.venice.e2ee.client.collateral.AnswerCodec;
import io.venice.e2ee.client.collateral.FetchedAnswer;
import io.venice.e2ee.client.collateral.LiveInputs;
import io.venice.e2ee.crypto.Hex;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The client's verified attestations, per model, reused for new sessions: an attestation that passed is kept until
 * its time-to-live ends or anything it relied on expires (a collateral {@code nextUpdate}, an NRAS token's
 * {@code exp}, an issuer certificate), whichever comes first; one that did not pass is never kept. Concurrent
 * sessions of a model share one attestation in flight. When the server presents another key than the kept
 * attestation's (a session's chat is refused for a stale key), the entry is dropped and the model attested again.
 * With a directory, passed attestations are also kept on disk with the answers they were verified with, and one
 * read back is verified again, now and under the current policy, before it is used. Each session still makes its own
 * key pair; with a time-to-live of zero every session is attested afresh, with its own nonce.
 */
final class AttestationCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A kept attestation and until when it may serve. */
    private record Entry(Attestation attestation, Instant keepUntil) {
    }

    private final Attestor attestor;
    private final Duration ttl;
    private final Clock clock;
    private final DiskStore disk;
    private final String scope;
    private final Executor cpu;
    private final SingleFlightCache<String, Entry> memory;

    /**
     * A cache.
     *
     * @param ttl   the longest an attestation serves (zero: never kept, every session attests)
     * @param disk  where attestations are also kept across processes, or null
     * @param scope what the attestations are of (the API's base URL), part of every disk key
     * @param cpu   where attestations kept on disk are read and verified again
     */
    AttestationCache(Attestor attestor, Duration ttl, Clock clock, DiskStore disk, String scope, Executor cpu) {
        this.attestor = Objects.requireNonNull(attestor, "attestor");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.disk = disk;
        this.scope = Objects.requireNonNull(scope, "scope");
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        // a failed attestation is never reused: nothing negative is remembered
        this.memory = new SingleFlightCache<>(clock, Duration.ZERO);
    }

    /** An attestation of {@code model} for a new session: kept, shared with a concurrent one, or fresh. */
    CompletableFuture<Attestation> get(String model) {
        if (ttl.isZero()) {
            return attestor.attest(model);
        }
        return memory.get(model, () -> load(model), Entry::keepUntil).thenApply(r -> r.value().attestation());
    }

    /**
     * An attestation of {@code model} to replace {@code stale}, whose key the server no longer serves: the kept
     * entry is dropped if it is still that one (a concurrent session may have replaced it already), then as
     * {@link #get}.
     */
    CompletableFuture<Attestation> replace(String model, Attestation stale) {
        if (ttl.isZero()) {
            return attestor.attest(model);
        }
        if (memory.invalidateIf(model, e -> sameKey(e.attestation(), stale)) && disk != null) {
            disk.delete(diskKey(model));
        }
        return get(model);
    }

    private static boolean sameKey(Attestation a, Attestation b) {
        return a == b || a.modelKey() != null && a.modelKey().equals(b.modelKey());
    }

    private CompletableFuture<Entry> load(String model) {
        if (disk == null) {
            return attest(model);
        }
        return CompletableFuture.supplyAsync(() -> fromDisk(model), cpu).thenCompose(stored -> stored != null
                ? CompletableFuture.completedFuture(stored) : attest(model));
    }

    private CompletableFuture<Entry> attest(String model) {
        return attestor.attest(model).thenApply(a -> {
            Entry e = new Entry(a, keepUntil(a, a.verifiedAt() != null ? a.verifiedAt() : clock.instant()));
            if (disk != null && e.keepUntil() != null) {
                disk.write(diskKey(model), document(model, e));
            }
            return e;
        });
    }

    /**
     * Until when {@code a}, verified at {@code since}, may serve: never if it did not pass; else the end of its
     * time-to-live or the earliest expiry of what it relied on.
     */
    private Instant keepUntil(Attestation a, Instant since) {
        if (!a.passed()) {
            return null;
        }
        Instant until = since.plus(ttl);
        Instant inputs = a.inputs().validUntil();
        if (inputs != null && inputs.isBefore(until)) {
            until = inputs;
        }
        return until.isAfter(clock.instant()) ? until : null;
    }

    private String diskKey(String model) {
        return "attestation " + scope + " " + model;
    }

    private byte[] document(String model, Entry e) {
        Attestation a = e.attestation();
        ObjectNode o = JSON.createObjectNode();
        o.put("scope", scope);
        o.put("model", model);
        o.put("nonce", Hex.encode(a.nonce()));
        o.put("attestation", Base64.getEncoder().encodeToString(a.json()));
        o.put("verified_at", a.verifiedAt() == null ? clock.instant().toString() : a.verifiedAt().toString());
        o.put("keep_until", e.keepUntil().toString());
        ArrayNode answers = o.putArray("answers");
        for (FetchedAnswer f : a.inputs().answers()) {
            answers.add(AnswerCodec.describe(f).put("body", Base64.getEncoder().encodeToString(f.body())));
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException x) {
            throw new IllegalStateException("cannot write an attestation", x);
        }
    }

    /** A kept attestation of {@code model} read back from disk, verified again now and passing; else null. */
    private Entry fromDisk(String model) {
        if (disk == null) {
            return null;
        }
        byte[] doc = disk.read(diskKey(model)).orElse(null);
        if (doc == null) {
            return null;
        }
        try {
            JsonNode o = JSON.readTree(doc);
            Instant keep = Instant.parse(o.path("keep_until").asText());
            if (!scope.equals(o.path("scope").asText()) || !model.equals(o.path("model").asText())
                    || !clock.instant().isBefore(keep)) {
                disk.delete(diskKey(model));
                return null;
            }
            List<FetchedAnswer> answers = new ArrayList<>();
            for (JsonNode f : o.path("answers")) {
                answers.add(AnswerCodec.read(f, Base64.getDecoder().decode(f.path("body").asText("")))
                        .reachedBy(FetchedAnswer.Origin.DISK));
            }
            Attestation a = attestor.reverify(model, Hex.decode(o.path("nonce").asText()),
                    Base64.getDecoder().decode(o.path("attestation").asText()), LiveInputs.assemble(answers));
            Instant bound = keepUntil(a, Instant.parse(o.path("verified_at").asText()));
            if (bound == null) {
                disk.delete(diskKey(model));
                return null;
            }
            return new Entry(a, keep.isBefore(bound) ? keep : bound);
        } catch (IOException | RuntimeException e) {
            // unreadable, or no longer verifies: attest afresh
            disk.delete(diskKey(model));
            return null;
        }
    }
}
