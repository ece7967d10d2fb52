package io.venice.e2ee.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.attestation.AciGatewayReport;
import io.venice.e2ee.attestation.AciGatewayVerification;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.aci.AciEvidence;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.client.collateral.CollateralFetcher;
import io.venice.e2ee.client.collateral.LiveInputs;
import io.venice.e2ee.client.progress.ProgressListener;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.transport.TransportException;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Runs the online step of {@link GatewayAttestation} for an attestation whose report is an ACI envelope: asks the
 * gateway for its own attestation with a fresh 32-byte nonce (through the client's {@link VeniceApi}: its transport,
 * timeouts, retries and error types; no API key), fetches Intel's collateral for the gateway's quote at level
 * {@code full} (through the client's {@link CollateralFetcher}, so the quote is judged at the policy's level), and
 * verifies the answer against the keyset digest Venice relayed. The outcome is kept per attestation (every session and
 * receipt of one attestation shares it), except a failed fetch, which the next receipt tries again.
 */
final class GatewayAttestor {
    private final VeniceApi api;
    private final URI gateway;
    private final VerificationPolicy policy;
    private final Clock clock;
    private final Executor cpu;
    private final CollateralFetcher collateral;
    private final ProgressListener progress;
    private final SecureRandom random = new SecureRandom();
    /** Weak keys: an attestation no session or cache holds any more takes its outcome with it. */
    private final Map<Attestation, CompletableFuture<GatewayAttestation>> outcomes =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param gateway    the gateway's base URL (scheme, host, port), checked by {@link BaseUrls#requireSafe}
     * @param collateral fetches Intel's collateral at level {@code full}
     * @param cpu        where the answer is verified (never an event loop)
     */
    GatewayAttestor(VeniceApi api, URI gateway, VerificationPolicy policy, Clock clock, Executor cpu,
                    CollateralFetcher collateral, ProgressListener progress) {
        this.api = Objects.requireNonNull(api, "api");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.collateral = Objects.requireNonNull(collateral, "collateral");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The gateway's base URL. */
    URI gateway() {
        return gateway;
    }

    /** The online step for {@code attestation}: kept from an earlier call, or run now. Never fails: see the status. */
    CompletableFuture<GatewayAttestation> attest(Attestation attestation) {
        CompletableFuture<GatewayAttestation> f = outcomes.computeIfAbsent(attestation, a -> run(a));
        f.thenAccept(g -> {
            if (g.status() == GatewayAttestation.Status.FETCH_FAILED) {
                outcomes.remove(attestation, f);
            }
        });
        return f;
    }

    private CompletableFuture<GatewayAttestation> run(Attestation attestation) {
        AciEnvelope relayed = attestation.report() == null ? null
                : attestation.report().aci().toOptional().orElse(null);
        if (relayed == null) {
            return CompletableFuture.completedFuture(new GatewayAttestation(GatewayAttestation.Status.NOT_APPLICABLE,
                    gateway, "the attestation of " + attestation.model() + " is not an ACI envelope: no keyset was"
                    + " relayed, so no gateway was asked", null, null, null));
        }
        String expected = relayed.servedKeysetDigest();
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        URI asked = URI.create(gateway + "/v1/aci/attestation?nonce=" + Hex.encode(nonce));
        String step = "attesting the gateway at " + gateway;
        Instant start = clock.instant();
        progress.started(step);
        CompletableFuture<GatewayAttestation> out = new CompletableFuture<>();
        api.gatewayAttestation(gateway, nonce).thenComposeAsync(json -> inputs(json, nonce)
                .thenApplyAsync(in -> verify(asked, json, expected, nonce, in), cpu), cpu)
                .whenComplete((g, e) -> {
                    GatewayAttestation result = e == null ? g : fetchFailed(asked, nonce, Futures.unwrap(e));
                    progress.finished(step, Duration.between(start, clock.instant()), result.status().name()
                            .toLowerCase(Locale.ROOT).replace('_', ' '));
                    out.complete(result);
                });
        return out;
    }

    /** Intel's collateral for the gateway's quote at level {@code full}; none below it or when there is no quote. */
    private CompletableFuture<LiveInputs> inputs(byte[] json, byte[] nonce) {
        if (policy.level() != VerificationPolicy.Level.FULL) {
            return CompletableFuture.completedFuture(LiveInputs.none());
        }
        String quote;
        try {
            quote = AttestationReport.parse(json).aci().toOptional().flatMap(AciEnvelope::evidence)
                    .map(AciEvidence::quote).orElse(null);
        } catch (RuntimeException e) {
            quote = null;
        }
        if (quote == null) {
            // an answer without a readable quote fails verification on its own, naming why
            return CompletableFuture.completedFuture(LiveInputs.none());
        }
        ObjectNode evidence = VeniceJson.newMapper().createObjectNode().put("intel_quote", quote);
        return collateral.fetch(AttestationReport.parse(evidence.toString()), nonce);
    }

    private GatewayAttestation verify(URI asked, byte[] json, String expected, byte[] nonce, LiveInputs in) {
        Instant at = clock.instant();
        GatewayAttestation.Exchange exchange = new GatewayAttestation.Exchange(nonce, json, in, at);
        VerificationContext ctx = VerificationContext.builder().expectedNonce(nonce).at(at)
                .collateral(in.collateral()).build();
        AciGatewayReport report;
        try {
            report = AciGatewayVerification.verify(json, expected, policy, ctx);
        } catch (RuntimeException e) {
            // the verification reports what it refuses; anything it throws is still a refusal, never a fetch failure
            return new GatewayAttestation(GatewayAttestation.Status.REFUSED, asked, "the gateway's attestation from "
                    + gateway + " could not be verified: " + e.getMessage() + "; the keyset Venice relayed stays"
                    + " unattested", null, null, exchange);
        }
        VerificationReport r = report.report();
        if (report.passed()) {
            return new GatewayAttestation(GatewayAttestation.Status.ATTESTED, asked, "keyset " + expected
                    + " attested online by the gateway's own attestation with our nonce, at level " + r.level().label()
                    + (r.level() == VerificationPolicy.Level.FULL ? " (its quote checked with Intel's collateral)" : "")
                    + "; it is the keyset Venice relayed", report, null, exchange);
        }
        String failures = r.failures().stream().map(c -> c.id() + " (" + c.reason() + ")")
                .collect(Collectors.joining("; "));
        return new GatewayAttestation(GatewayAttestation.Status.REFUSED, asked, "the gateway's attestation from "
                + gateway + " does not pass level " + r.level().label() + ": " + failures + "; the keyset Venice"
                + " relayed stays unattested", report, null, exchange);
    }

    private GatewayAttestation fetchFailed(URI asked, byte[] nonce, Throwable e) {
        // an error status is told without the advice Venice's calls carry: the gateway has no API key to check
        String why = e instanceof TransportException.HttpStatus h ? "HTTP " + h.status() + " from " + gateway
                + "/v1/aci/attestation" + h.serverMessage().filter(m -> !m.isBlank()).map(m -> ": " + m).orElse("")
                : e instanceof VeniceE2eeException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new GatewayAttestation(GatewayAttestation.Status.FETCH_FAILED, asked, "could not get the gateway's"
                + " attestation from " + gateway + ": " + why + "; the keyset Venice relayed stays unattested (check"
                + " the gateway URL given to verifyGatewayAttestation / --verify-gateway=URL)", null, e,
                new GatewayAttestation.Exchange(nonce, null, LiveInputs.none(), clock.instant()));
    }
}
