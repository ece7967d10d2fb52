package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.venice.e2ee.attestation.internal.Json;

/**
 * The result of verifying attestation evidence: every check by its stable id with pass/fail/skip and a one-line
 * reason, the measured values, and the overall verdict (passed when no check failed). Immutable.
 */
public final class VerificationReport {
    /** Outcome of one check. */
    public enum Status {
        /** The check ran and held. */
        PASS,
        /** The check ran and did not hold. */
        FAIL,
        /** The check did not run; the reason says why. */
        SKIP;

        /** Lower-case name as in JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One check: a stable id (e.g. {@code tdx.debug}), its status and a one-line reason. */
    public record Check(String id, Status status, String reason) {
    }

    private final VerificationPolicy.Level level;
    private final List<Check> checks;
    private final Map<String, String> measurements;

    /** Creates a report (verifiers and tests; most callers get one from {@link AttestationVerification}). */
    public VerificationReport(VerificationPolicy.Level level, List<Check> checks, Map<String, String> measurements) {
        this.level = level;
        this.checks = List.copyOf(checks);
        this.measurements = Collections.unmodifiableMap(new LinkedHashMap<>(measurements));
    }

    /** Whether the evidence passed the policy: no check failed. */
    public boolean passed() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    /** The level the evidence was checked at. */
    public VerificationPolicy.Level level() {
        return level;
    }

    /** Every check, in a stable order. */
    public List<Check> checks() {
        return checks;
    }

    /** The check with id {@code id}, if reported. */
    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The checks that failed. */
    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
    }

    /**
     * Measured values: {@code mrtd}, {@code rtmr0..3}, {@code mrconfigid}, {@code reportdata}, ... as lower-case hex,
     * plus {@code tcb_status} (Intel's name) when collateral was evaluated and {@code gpu_count} for GPU evidence.
     */
    public Map<String, String> measurements() {
        return measurements;
    }

    /** The report as JSON: {@code {passed, level, checks:[{id,status,reason}], measurements:{...}}}. */
    public String toJson() {
        ObjectNode root = Json.object();
        root.put("passed", passed());
        root.put("level", level.label());
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            list.addObject().put("id", c.id()).put("status", c.status().label()).put("reason", c.reason());
        }
        ObjectNode m = root.putObject("measurements");
        measurements.forEach(m::put);
        return Json.pretty(root);
    }

    /** One paragraph for people: the verdict, the counts, and the failed checks with their reasons. */
    public String summary() {
        long pass = checks.stream().filter(c -> c.status() == Status.PASS).count();
        long skip = checks.stream().filter(c -> c.status() == Status.SKIP).count();
        List<Check> failed = failures();
        StringBuilder sb = new StringBuilder();
        sb.append(passed() ? "PASSED" : "FAILED").append(" at level ").append(level.label()).append(": ")
                .append(pass).append(" checks passed, ").append(failed.size()).append(" failed, ")
                .append(skip).append(" skipped.");
        for (Check c : failed) {
            sb.append(' ').append(c.id()).append(": ").append(c.reason()).append('.');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
