package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;

/**
 * Runs the built-in checks in order under the policy level: a check above the level is skipped with that reason, a
 * check whose dependency failed (or could not run) is skipped naming it, and a check body that throws is a failure
 * with the error's message, so verification never stops half-way and never reports something unchecked as passed.
 */
final class CheckRun {

    /** A check's result as decided by its body. */
    record Verdict(Outcome outcome, String reason) {
        static Verdict pass(String reason) {
            return new Verdict(Outcome.PASS, reason);
        }

        static Verdict fail(String reason) {
            return new Verdict(Outcome.FAIL, reason);
        }

        static Verdict skip(String reason) {
            return new Verdict(Outcome.SKIP, reason);
        }
    }

    /** The body of one check. */
    @FunctionalInterface
    interface Body {
        Verdict run() throws Exception;
    }

    /** How a check ended, for the checks that depend on it (in any family). */
    enum State { PASSED, FAILED, BLOCKED, NOT_APPLICABLE }

    private final Findings findings;
    private final VerificationPolicy.Level level;
    private final Set<String> measurementNames;
    private final Map<BuiltInCheck, State> states;

    /** A run at {@code level} recording into {@code findings}; measurements must be among {@code measurementNames}. */
    CheckRun(Findings findings, VerificationPolicy.Level level, Set<String> measurementNames) {
        this.findings = findings;
        this.level = level;
        this.measurementNames = measurementNames;
        this.states = findings.states();
    }

    /** The facts of this verification, which a check adds to as it reads the evidence. */
    EvidenceFacts.Builder facts() {
        return findings.facts();
    }

    /** Whether {@code check} ran and passed. */
    boolean passed(BuiltInCheck check) {
        return states.get(check) == State.PASSED;
    }

    /**
     * Why a check depending on {@code dep} cannot count on it ({@code "depends on <dep> which failed"} or
     * {@code "... which could not run"}), or null when {@code dep} passed or did not apply.
     */
    String unmet(BuiltInCheck dep) {
        State s = states.get(dep);
        if (s == State.FAILED) {
            return "depends on " + dep.id() + " which failed";
        }
        if (s == State.BLOCKED) {
            return "depends on " + dep.id() + " which could not run";
        }
        return null;
    }

    /** Runs {@code check} after its dependencies {@code dependsOn}. */
    void run(BuiltInCheck check, Body body, BuiltInCheck... dependsOn) {
        if (!level.includes(check.level())) {
            record(check, State.NOT_APPLICABLE, Outcome.SKIP,
                    "not checked at level " + level.label() + " (checked from level " + check.level().label() + ")");
            return;
        }
        for (BuiltInCheck dep : dependsOn) {
            String unmet = unmet(dep);
            if (unmet != null) {
                record(check, State.BLOCKED, Outcome.SKIP, unmet);
                return;
            }
        }
        Verdict v;
        try {
            v = body.run();
        } catch (AttestationException e) {
            v = Verdict.fail(e.getMessage());
        } catch (GeneralSecurityException e) {
            v = Verdict.fail("cryptographic check failed: " + e.getMessage());
        } catch (Exception e) {
            v = Verdict.fail("could not be checked: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        State s = switch (v.outcome()) {
            case PASS -> State.PASSED;
            case FAIL -> State.FAILED;
            case SKIP -> State.NOT_APPLICABLE;
        };
        record(check, s, v.outcome(), v.reason());
    }

    /** Records a measurement. */
    void measurement(String name, String value) {
        if (!measurementNames.contains(name)) {
            throw new IllegalStateException("measurement '" + name + "' is not declared by its check family");
        }
        findings.measurement(name, value);
    }

    private void record(BuiltInCheck check, State state, Outcome outcome, String reason) {
        states.put(check, state);
        findings.check(check.id(), outcome, reason);
    }
}
