package io.venice.e2ee.attestation.verifier;

import io.venice.e2ee.attestation.AttestationException;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.spi.AttestationVerifier.CheckSink;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a verifier's checks in order under the policy level: a check above the level is skipped with that reason, a
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

    private enum State { PASSED, FAILED, BLOCKED, NOT_APPLICABLE }

    private final CheckSink sink;
    private final VerificationPolicy.Level level;
    private final Map<String, State> states = new HashMap<>();

    CheckRun(CheckSink sink, VerificationPolicy.Level level) {
        this.sink = sink;
        this.level = level;
    }

    /** Whether {@code id} ran and passed. */
    boolean passed(String id) {
        return states.get(id) == State.PASSED;
    }

    /**
     * Why a check depending on {@code dep} cannot count on it ({@code "depends on <dep> which failed"} or
     * {@code "... which could not run"}), or null when {@code dep} passed or did not apply.
     */
    String unmet(String dep) {
        State s = states.get(dep);
        if (s == State.FAILED) {
            return "depends on " + dep + " which failed";
        }
        if (s == State.BLOCKED) {
            return "depends on " + dep + " which could not run";
        }
        return null;
    }

    /** Runs check {@code id}, required from level {@code required}, after its dependencies {@code dependsOn}. */
    void run(String id, VerificationPolicy.Level required, Body body, String... dependsOn) {
        if (!level.includes(required)) {
            record(id, State.NOT_APPLICABLE, Outcome.SKIP,
                    "not checked at level " + level.label() + " (checked from level " + required.label() + ")");
            return;
        }
        for (String dep : dependsOn) {
            String unmet = unmet(dep);
            if (unmet != null) {
                record(id, State.BLOCKED, Outcome.SKIP, unmet);
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
        record(id, s, v.outcome(), v.reason());
    }

    /** Records a measurement. */
    void measurement(String name, String value) {
        sink.measurement(name, value);
    }

    private void record(String id, State state, Outcome outcome, String reason) {
        states.put(id, state);
        sink.record(id, outcome, reason);
    }
}
