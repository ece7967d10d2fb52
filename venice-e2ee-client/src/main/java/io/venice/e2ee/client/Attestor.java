package io.venice.e2ee.client;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Attests a model: fetches its attestation with a fresh nonce, parses it once (the model key included) and verifies
 * it under the policy, off the transport's I/O thread. Used to open sessions, to re-attest them, and to check
 * signatures against a fresh attestation.
 */
final class Attestor {

    private final VeniceApi api;
    private final VerificationPolicy policy;
    private final Clock clock;
    private final Executor cpu;

    /**
     * @param clock dates the verification
     * @param cpu   where parsing and verification run (CPU work: never an event loop)
     */
    Attestor(VeniceApi api, VerificationPolicy policy, Clock clock, Executor cpu) {
        this.api = api;
        this.policy = policy;
        this.clock = clock;
        this.cpu = cpu;
    }

    /** A fresh, verified attestation of {@code model} (verified, not necessarily passed: see the report). */
    CompletableFuture<Attestation> attest(String model) {
        return attest(model, null);
    }

    /**
     * An attestation of {@code model} asked for with {@code nonce} (null: a fresh one per try), verified.
     *
     * @throws IllegalArgumentException (at once) when {@code nonce} is not 32 bytes
     */
    CompletableFuture<Attestation> attest(String model, byte[] nonce) {
        return api.attestation(model, nonce).thenApplyAsync(fetched -> verify(model, fetched), cpu);
    }

    private Attestation verify(String model, VeniceApi.FetchedAttestation fetched) {
        AttestationReport report = AttestationReport.parse(fetched.json());
        VerificationContext ctx = VerificationContext.builder().expectedNonce(fetched.nonce()).at(clock.instant()).build();
        VerificationReport verification = AttestationVerification.verify(report, policy, ctx);
        return new Attestation(model, fetched.nonce(), report, verification, modelKey(report),
                fetched.json());
    }

    /** The key the report parsed, with its text as served; null when the report has no (well-formed) key. */
    private static ModelKey modelKey(AttestationReport report) {
        return report.signingKey().toOptional().map(k -> new ModelKey(k.bytes(), k.servedText())).orElse(null);
    }
}
