package io.venice.e2ee.springai;

import io.venice.e2ee.spi.AttestationVerifier;
import io.venice.e2ee.attestation.VerificationReport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports the latest attestation verification: UP when it passed, DOWN when it was refused (with each failed check
 * and its reason), UNKNOWN before the first chat. Details: model, time, policy level, counts of passed, failed and
 * skipped checks, and the signing address.
 */
public final class VeniceE2eeHealthIndicator implements HealthIndicator {
    private final LastVerification last;

    /** Reads {@code last}. */
    public VeniceE2eeHealthIndicator(LastVerification last) {
        this.last = last;
    }

    @Override
    public Health health() {
        return last.get().map(VeniceE2eeHealthIndicator::of)
                .orElseGet(() -> Health.unknown().withDetail("verification", "no chat has been attempted yet").build());
    }

    private static Health of(VerificationEvent e) {
        Health.Builder h = e.passed() ? Health.up() : Health.down();
        h.withDetail("model", e.model()).withDetail("at", e.at().toString());
        VerificationReport r = e.report();
        if (r != null) {
            h.withDetail("level", r.level().label());
            Map<String, Long> counts = new LinkedHashMap<>();
            for (AttestationVerifier.Outcome s : AttestationVerifier.Outcome.values()) {
                counts.put(s.label(), r.checks().stream().filter(c -> c.status() == s).count());
            }
            h.withDetail("checks", counts);
            if (!r.failures().isEmpty()) {
                Map<String, String> failed = new LinkedHashMap<>();
                r.failures().forEach(c -> failed.put(c.id(), c.reason()));
                h.withDetail("failed", failed);
            }
        }
        if (e.signingAddress() != null) {
            h.withDetail("signingAddress", e.signingAddress());
        }
        if (e.failure() != null) {
            h.withDetail("error", e.failure());
        }
        return h.build();
    }
}
