package io.venice.e2ee.attestation;

import io.venice.e2ee.spi.AttestationVerifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Verifies attestation evidence: runs every {@link AttestationVerifier} found by {@link ServiceLoader} that reads a
 * {@link VerificationInput}, and merges their checks and measurements into one {@link VerificationReport}.
 */
public final class AttestationVerification {
    private static final List<AttestationVerifier<VerificationInput>> VERIFIERS = discover();

    private AttestationVerification() {
    }

    /** Verifies {@code report} under {@code policy} with the nonce, time and optional inputs of {@code ctx}. */
    public static VerificationReport verify(AttestationReport report, VerificationPolicy policy, VerificationContext ctx) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ctx, "ctx");
        VerificationInput input = new VerificationInput(report, policy, ctx);
        List<VerificationReport.Check> checks = new ArrayList<>();
        Map<String, String> measurements = new LinkedHashMap<>();
        AttestationVerifier.CheckSink sink = new AttestationVerifier.CheckSink() {
            @Override
            public void record(String id, AttestationVerifier.Outcome outcome, String reason) {
                checks.add(new VerificationReport.Check(id, VerificationReport.Status.valueOf(outcome.name()), reason));
            }

            @Override
            public void measurement(String name, String value) {
                measurements.put(name, value);
            }
        };
        for (AttestationVerifier<VerificationInput> v : VERIFIERS) {
            v.verify(input, sink);
        }
        return new VerificationReport(policy.level(), checks, measurements);
    }

    /** The names of the verifiers that run, in order (for diagnostics). */
    public static List<String> verifierNames() {
        return VERIFIERS.stream().map(AttestationVerifier::name).toList();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<AttestationVerifier<VerificationInput>> discover() {
        List<AttestationVerifier<VerificationInput>> out = new ArrayList<>();
        for (AttestationVerifier v : ServiceLoader.load(AttestationVerifier.class,
                AttestationVerification.class.getClassLoader())) {
            if (v.inputType() == VerificationInput.class) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparingInt(AttestationVerifier::order));
        return List.copyOf(out);
    }
}
