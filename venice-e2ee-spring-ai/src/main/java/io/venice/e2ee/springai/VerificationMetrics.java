package io.venice.e2ee.springai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.e2ee.attestation.VerificationReport;

import java.util.function.Supplier;

/**
 * Counts refused verifications in Micrometer: {@value #FAILURES}, one increment per failed check, tagged
 * {@code check} with the check's id (e.g. {@code tdx.pck.chain}); a refusal with no report to name a check (evidence
 * that cannot be read, no usable model key, Venice's own refusal) counts under {@code check=}{@value #UNCHECKED}.
 */
public final class VerificationMetrics implements VerificationListener {
    /** The counter's name. */
    public static final String FAILURES = "venice.e2ee.verification.failures";
    /** The tag value of a refusal without a report. */
    public static final String UNCHECKED = "unchecked";

    private final Supplier<MeterRegistry> registry;

    /** Counts into the registry {@code registry} supplies when an event comes (null: no registry, nothing counted). */
    public VerificationMetrics(Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void onVerification(VerificationEvent event) {
        if (event.passed()) {
            return;
        }
        MeterRegistry r = registry.get();
        if (r == null) {
            return;
        }
        if (event.report() == null || event.report().failures().isEmpty()) {
            counter(r, UNCHECKED).increment();
            return;
        }
        for (VerificationReport.Check c : event.report().failures()) {
            counter(r, c.id()).increment();
        }
    }

    private static Counter counter(MeterRegistry r, String check) {
        return Counter.builder(FAILURES).tag("check", check)
                .description("Attestation verifications refused, by failed check").register(r);
    }
}
