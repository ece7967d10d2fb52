package io.venice.e2ee.client;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.collateral.CollateralFetcher;
import io.venice.e2ee.client.collateral.LiveInputs;
import io.venice.e2ee.client.progress.ProgressListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Attests a model: fetches its attestation with a fresh nonce, parses it once (the model key included), fetches what
 * level {@code full} needs from Intel's and NVIDIA's services (when the policy is at that level and a fetcher is
 * given), and verifies it under the policy, off the transport's I/O thread. Used to open sessions, to re-attest them,
 * and to check signatures against a fresh attestation.
 */
final class Attestor {

    private final VeniceApi api;
    private final VerificationPolicy policy;
    private final Clock clock;
    private final Executor cpu;
    private final CollateralFetcher collateral;
    private final ProgressListener progress;

    /**
     * An attestor that fetches no collateral.
     *
     * @param clock dates the verification
     * @param cpu   where parsing and verification run (CPU work: never an event loop)
     */
    Attestor(VeniceApi api, VerificationPolicy policy, Clock clock, Executor cpu) {
        this(api, policy, clock, cpu, null, ProgressListener.NONE);
    }

    /**
     * An attestor.
     *
     * @param collateral fetches Intel's collateral and NVIDIA's answers at level {@code full}, or null for none
     * @param progress   hears when an attestation starts and ends
     */
    Attestor(VeniceApi api, VerificationPolicy policy, Clock clock, Executor cpu, CollateralFetcher collateral,
             ProgressListener progress) {
        this.api = api;
        this.policy = policy;
        this.clock = clock;
        this.cpu = cpu;
        this.collateral = collateral;
        this.progress = progress;
    }

    /** The policy attestations are verified under. */
    VerificationPolicy policy() {
        return policy;
    }

    /**
     * A fresh, verified attestation of {@code model} (verified, not necessarily passed: see the report); fails with
     * a {@link io.venice.e2ee.client.collateral.CollateralException} when level {@code full} needs an answer that
     * cannot be fetched.
     */
    CompletableFuture<Attestation> attest(String model) {
        return attest(model, null);
    }

    /**
     * An attestation of {@code model} asked for with {@code nonce} (null: a fresh one per try), verified.
     *
     * @throws IllegalArgumentException (at once) when {@code nonce} is not 32 bytes
     */
    CompletableFuture<Attestation> attest(String model, byte[] nonce) {
        String step = "attesting " + model;
        Instant start = clock.instant();
        progress.started(step);
        return api.attestation(model, nonce).thenComposeAsync(fetched -> {
            AttestationReport report = AttestationReport.parse(fetched.json(), policy.limits());
            Attestation local = verify(model, fetched.nonce(), fetched.json(), report, LiveInputs.none());
            if (policy.level() != VerificationPolicy.Level.FULL || collateral == null || failsLocally(local)) {
                // evidence refused on its own is never sent anywhere: its report names why
                return CompletableFuture.completedFuture(local);
            }
            return collateral.fetch(report, fetched.nonce()).thenApplyAsync(in -> verify(model, fetched.nonce(),
                    fetched.json(), report, in), cpu);
        }, cpu).whenComplete((a, e) -> progress.finished(step, Duration.between(start, clock.instant()),
                e != null ? "failed" : a.passed() ? "passed " + policy.level().label()
                        : "does not pass " + policy.level().label()));
    }

    /**
     * Whether evidence verified without collateral fails a check that collateral plays no part in (one that level
     * {@code dcap} requires too, or any check that failed outright), so fetching would change nothing.
     */
    private static boolean failsLocally(Attestation withoutInputs) {
        Set<String> live = new HashSet<>(VerificationPolicy.Level.FULL.requiredChecks());
        live.removeAll(VerificationPolicy.Level.DCAP.requiredChecks());
        return withoutInputs.verification().failures().stream().anyMatch(c -> !live.contains(c.id()));
    }

    /**
     * Verifies evidence fetched earlier (kept on disk) again, now, with the answers it was verified with then.
     *
     * @return the attestation, verified now
     */
    Attestation reverify(String model, byte[] nonce, byte[] json, LiveInputs inputs) {
        return verify(model, nonce, json, AttestationReport.parse(json, policy.limits()), inputs);
    }

    private Attestation verify(String model, byte[] nonce, byte[] json, AttestationReport report, LiveInputs inputs) {
        Instant at = clock.instant();
        VerificationContext ctx = VerificationContext.builder().expectedNonce(nonce).at(at)
                .collateral(inputs.collateral()).nras(inputs.nras()).jwks(inputs.jwks()).build();
        VerificationReport verification = AttestationVerification.verify(report, policy, ctx);
        return new Attestation(model, nonce, report, verification, modelKey(report), json, inputs, at);
    }

    /** The key the report parsed, with its text as served; null when the report has no (well-formed) key. */
    private static ModelKey modelKey(AttestationReport report) {
        return report.signingKey().toOptional().map(k -> new ModelKey(k.bytes(), k.servedText())).orElse(null);
    }
}
