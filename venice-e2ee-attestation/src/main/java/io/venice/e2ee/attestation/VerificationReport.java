package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The result of verifying attestation evidence: every check by its stable id with pass/fail/skip and a one-line
 * reason, the checks the policy required, the measured values, and the verdict. The verdict is passed only when no
 * check failed and every required check ran and passed: a required check that was skipped, or that no verifier
 * reported, is a failure named in {@link #failures()}. Immutable.
 */
public final class VerificationReport {

    /**
     * One check: a stable id (e.g. {@code tdx.debug}), its outcome, a one-line reason, and whether the policy required
     * it.
     */
    public record Check(String id, Outcome status, String reason, boolean required) {
        /** Validates the parts. */
        public Check {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
        }

        /** A check the policy does not require. */
        public Check(String id, Outcome status, String reason) {
            this(id, status, reason, false);
        }
    }

    private final VerificationPolicy.Level level;
    private final Set<String> required;
    private final List<Check> checks;
    private final Map<String, String> measurements;
    private final List<Check> failures;
    private final EvidenceFacts facts;

    /**
     * Creates a report (most callers get one from {@link AttestationVerification}). Each check is marked required
     * when its id is in {@code requiredChecks}.
     */
    public VerificationReport(VerificationPolicy.Level level, Set<String> requiredChecks, List<Check> checks,
                              Map<String, String> measurements) {
        this(level, requiredChecks, checks, measurements, EvidenceFacts.none());
    }

    /** Creates a report with the facts the checks found (see {@link #facts()}). */
    public VerificationReport(VerificationPolicy.Level level, Set<String> requiredChecks, List<Check> checks,
                              Map<String, String> measurements, EvidenceFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
        this.level = Objects.requireNonNull(level, "level");
        this.required = Collections.unmodifiableSet(new LinkedHashSet<>(requiredChecks));
        List<Check> marked = new ArrayList<>(checks.size());
        for (Check c : checks) {
            marked.add(new Check(c.id(), c.status(), c.reason(), required.contains(c.id())));
        }
        this.checks = List.copyOf(marked);
        this.measurements = Collections.unmodifiableMap(new LinkedHashMap<>(measurements));
        this.failures = List.copyOf(failures(level, required, this.checks));
    }

    private static List<Check> failures(VerificationPolicy.Level level, Set<String> required, List<Check> checks) {
        List<Check> out = new ArrayList<>();
        Set<String> passed = new LinkedHashSet<>();
        Set<String> reported = new LinkedHashSet<>();
        for (Check c : checks) {
            reported.add(c.id());
            if (c.status() == Outcome.PASS) {
                passed.add(c.id());
            } else if (c.status() == Outcome.FAIL) {
                out.add(c);
            } else if (c.required()) {
                out.add(new Check(c.id(), Outcome.FAIL, "required at level " + level.label() + " but did not run ("
                        + c.reason() + ")", true));
            }
        }
        for (String id : required) {
            if (!reported.contains(id)) {
                out.add(new Check(id, Outcome.FAIL, "required at level " + level.label()
                        + " but never ran: no verifier reported it", true));
            }
        }
        return out;
    }

    /** Whether the evidence passed the policy: no check failed, and every required check ran and passed. */
    public boolean passed() {
        return failures.isEmpty();
    }

    /** The level the evidence was checked at. */
    public VerificationPolicy.Level level() {
        return level;
    }

    /** The ids of the checks the policy required, in report order. */
    public Set<String> requiredChecks() {
        return required;
    }

    /** Every check, in a stable order, as reported. */
    public List<Check> checks() {
        return checks;
    }

    /** The check with id {@code id}, if reported. */
    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * Every reason the verdict is not passed, each as a failed check: in report order, each check that failed and each
     * required check that was skipped (the same id, with a reason saying it was required, e.g. {@code tdx.debug:
     * required at level dcap but did not run (depends on tdx.quote.signature which failed)}); then each required check
     * that no verifier reported. Empty when the verdict is passed.
     */
    public List<Check> failures() {
        return failures;
    }

    /**
     * Measured values: {@code mrtd}, {@code rtmr0..3}, {@code mrconfigid}, {@code reportdata}, ... as lower-case hex,
     * plus {@code tcb_status} (Intel's name) when collateral was evaluated and {@code gpu_count} for GPU evidence.
     */
    public Map<String, String> measurements() {
        return measurements;
    }

    /**
     * What the evidence says beyond pass and fail: where the prompt is decrypted, the compose-manager's deployment
     * actions, what an ACI envelope's quote binds, whether the OHTTP key is bound.
     */
    public EvidenceFacts facts() {
        return facts;
    }

    /**
     * The report as JSON: {@code {passed, level, required:[ids], checks:[{id,status,required,reason}],
     * failures:[{id,reason}], measurements:{...}, facts:{decryption, compose_manager, ohttp, aci}}}.
     */
    public String toJson() {
        ObjectNode root = Json.object();
        root.put("passed", passed());
        root.put("level", level.label());
        ArrayNode req = root.putArray("required");
        required.forEach(req::add);
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            list.addObject().put("id", c.id()).put("status", c.status().label()).put("required", c.required())
                    .put("reason", c.reason());
        }
        ArrayNode failed = root.putArray("failures");
        for (Check c : failures) {
            failed.addObject().put("id", c.id()).put("reason", c.reason());
        }
        ObjectNode m = root.putObject("measurements");
        measurements.forEach(m::put);
        writeFacts(root.putObject("facts"));
        return Json.pretty(root);
    }

    private void writeFacts(ObjectNode out) {
        EvidenceFacts.Decryption d = facts.decryption();
        ObjectNode dec = out.putObject("decryption").put("site", d.site().name().toLowerCase(java.util.Locale.ROOT))
                .put("description", d.describe());
        d.gpus().ifPresent(g -> dec.put("gpus", g));
        facts.composeManager().ifPresent(c -> {
            ObjectNode cm = out.putObject("compose_manager");
            ArrayNode forms = cm.putArray("actions_hash_forms");
            c.matchedForms().forEach(f -> forms.add(f.name().toLowerCase(java.util.Locale.ROOT)));
            ArrayNode actions = cm.putArray("actions");
            c.actions().forEach(a -> actions.add(a.describe()));
        });
        facts.ohttp().ifPresent(o -> out.putObject("ohttp").put("signing_key", o.signingKey())
                .put("signature_valid", o.signatureValid())
                .put("binding", o.binding().name().toLowerCase(java.util.Locale.ROOT)).put("why", o.why()));
        facts.aci().ifPresent(a -> out.putObject("aci").put("generation", a.generation())
                .put("keyset_digest", a.keysetDigest()).put("u64_repaired", a.u64Repaired())
                .put("quote_binds", a.quoteBinds()).put("keyset_attested", a.keysetAttested()));
    }

    /**
     * One paragraph for people: the verdict, the counts, how many required checks passed, and every failure with its
     * reason.
     */
    public String summary() {
        long pass = count(Outcome.PASS);
        long skip = count(Outcome.SKIP);
        long fail = count(Outcome.FAIL);
        long requiredPassed = checks.stream().filter(c -> c.required() && c.status() == Outcome.PASS)
                .map(Check::id).distinct().count();
        StringBuilder sb = new StringBuilder();
        sb.append(passed() ? "PASSED" : "FAILED").append(" at level ").append(level.label()).append(": ")
                .append(pass).append(" checks passed, ").append(fail).append(" failed, ")
                .append(skip).append(" skipped.");
        if (requiredPassed == required.size()) {
            sb.append(" All ").append(required.size()).append(" required checks passed.");
        } else {
            sb.append(' ').append(required.size() - requiredPassed).append(" of ").append(required.size())
                    .append(" required checks did not pass.");
        }
        for (Check c : failures) {
            sb.append(' ').append(c.id()).append(": ").append(c.reason()).append('.');
        }
        return sb.toString();
    }

    private long count(Outcome outcome) {
        return checks.stream().filter(c -> c.status() == outcome).count();
    }

    @Override
    public String toString() {
        return summary();
    }
}
