package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the TDX check family, exactly as on the model's quote, on another quote (the compose-manager's, an ACI
 * gateway's), given as the evidence it came with ({@code intel_quote}, and {@code event_log} or {@code app_compose} when
 * served). The run is recorded apart from the verification it serves, so its {@code tdx.*} results never stand for the
 * model quote's; the caller reports them under its own check ids. The REPORTDATA checks are left to the caller, since
 * each quote binds something different there.
 */
final class SecondQuote {
    /** The TDX checks about what REPORTDATA binds: each second quote binds something of its own. */
    static final Set<BuiltInCheck> REPORTDATA_CHECKS = EnumSet.of(BuiltInCheck.TDX_REPORTDATA_ADDRESS,
            BuiltInCheck.TDX_REPORTDATA_NONCE);

    /**
     * The outcome of one run.
     *
     * @param evidence     the evidence the family read (its fields parsed as the model's are)
     * @param all          every TDX check the run reported but the REPORTDATA checks
     * @param checks       those that decide whether the quote passes (all but those left out)
     * @param required     the ids among {@code checks} the policy requires at its level
     * @param measurements what the family measured
     */
    record Result(AttestationReport evidence, List<VerificationReport.Check> all, List<VerificationReport.Check> checks,
                  Set<String> required, Map<String, String> measurements) {

        /** The check {@code check} as the run reported it. */
        Optional<VerificationReport.Check> check(BuiltInCheck check) {
            return all.stream().filter(c -> c.id().equals(check.id())).findFirst();
        }

        /**
         * Why this quote does not pass the family (the first failed check, or the first required check that did not
         * run, with its reason), or empty when it passes.
         */
        Optional<String> problem() {
            for (VerificationReport.Check c : checks) {
                if (c.status() == Outcome.FAIL) {
                    return Optional.of(c.id() + ": " + c.reason());
                }
                if (c.status() == Outcome.SKIP && required.contains(c.id())) {
                    return Optional.of(c.id() + " did not run (" + c.reason() + ")");
                }
            }
            for (String id : required) {
                if (checks.stream().noneMatch(c -> c.id().equals(id))) {
                    return Optional.of(id + " never ran");
                }
            }
            return Optional.empty();
        }

        /** The ids of the checks that passed, in order. */
        List<String> passed() {
            return checks.stream().filter(c -> c.status() == Outcome.PASS).map(VerificationReport.Check::id).toList();
        }
    }

    private SecondQuote() {
    }

    /**
     * Runs the TDX family on {@code evidence} under {@code policy} and {@code ctx}. The REPORTDATA checks are dropped;
     * {@code leftOut} are kept for the caller to report but do not decide whether the quote passes.
     */
    static Result run(ObjectNode evidence, VerificationPolicy policy, VerificationContext ctx,
                      Set<BuiltInCheck> leftOut) {
        AttestationReport report = AttestationReport.parse(evidence.toString(), policy.limits());
        TdxChecks family = new TdxChecks();
        Findings findings = new Findings();
        family.run(new VerificationInput(report, policy, ctx), new CheckRun(findings, policy.level(),
                family.measurements()));
        Set<String> omitted = new java.util.HashSet<>();
        REPORTDATA_CHECKS.forEach(c -> omitted.add(c.id()));
        List<VerificationReport.Check> all = new ArrayList<>();
        for (VerificationReport.Check c : findings.checks()) {
            if (!omitted.contains(c.id())) {
                all.add(c);
            }
        }
        leftOut.forEach(c -> omitted.add(c.id()));
        List<VerificationReport.Check> kept = all.stream().filter(c -> !omitted.contains(c.id())).toList();
        Set<String> required = new java.util.LinkedHashSet<>();
        for (String id : policy.requiredChecks()) {
            if (id.startsWith("tdx.") && !omitted.contains(id)) {
                required.add(id);
            }
        }
        return new Result(report, List.copyOf(all), kept, java.util.Collections.unmodifiableSet(required),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(findings.measurements())));
    }
}
