package io.venice.e2ee.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Attests a model: fetches its attestation with a fresh nonce, parses it once (the model key included) and verifies
 * it under the policy, off the transport's I/O thread. Used to open sessions, to re-attest them, and to check
 * signatures against a fresh attestation.
 */
final class Attestor {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        return api.attestation(model).thenApplyAsync(fetched -> verify(model, fetched), cpu);
    }

    private Attestation verify(String model, VeniceApi.FetchedAttestation fetched) {
        AttestationReport report = AttestationReport.parse(fetched.json());
        VerificationContext ctx = VerificationContext.builder().expectedNonce(fetched.nonce()).at(clock.instant()).build();
        VerificationReport verification = AttestationVerification.verify(report, policy, ctx);
        return new Attestation(model, fetched.nonce(), report, verification, modelKey(report, fetched.json()),
                fetched.json());
    }

    /** The key the report parsed, with its text as served; null when the report has no (well-formed) key. */
    private static ModelKey modelKey(AttestationReport report, byte[] json) {
        byte[] point = report.signingPublicKey();
        String served = servedKeyText(json);
        return point == null || served == null ? null : new ModelKey(point, served);
    }

    /** The model key's text exactly as served ({@code signing_key}, else {@code signing_public_key}). */
    private static String servedKeyText(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            for (String f : new String[] {"signing_key", "signing_public_key"}) {
                JsonNode v = n.get(f);
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    return v.asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
