package io.venice.e2ee.spi;

import java.util.Locale;

/**
 * An extension that adds attestation checks (for example a check of the deployment's own measurements), found through
 * {@link java.util.ServiceLoader}. A verifier reads an input of its {@link #inputType()} and reports each check it owns
 * to the sink, by a stable id, as passed, failed or skipped with a one-line reason. It never throws for bad evidence:
 * bad evidence is a failed check.
 *
 * <p>Extensions only add: the built-in checks of a verification library are run directly, never looked up, and an
 * extension that reports the id of a built-in check, or throws, is itself reported as a failed check.
 *
 * @param <I> the input it understands
 */
public interface AttestationVerifier<I> {

    /** Outcome of one check, as reported by a verifier and as shown in a verification report. */
    enum Outcome {
        /** The check ran and held. */
        PASS,
        /** The check ran and did not hold. */
        FAIL,
        /** The check did not run (not required, no input, or something it depends on failed). */
        SKIP;

        /** Lower-case name, as in JSON reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Receives the results of the checks as they are made. */
    interface CheckSink {
        /** Records the outcome of check {@code id} with a one-line reason. */
        void record(String id, Outcome outcome, String reason);

        /** Records a measured value (hex or a short name) under {@code name}. */
        void measurement(String name, String value);
    }

    /** A short name for diagnostics, e.g. {@code "tdx"}. */
    String name();

    /** Position among extensions: lower first. */
    int order();

    /** The input type this verifier reads; inputs of other types are not given to it. */
    Class<I> inputType();

    /** Runs every check this verifier owns on {@code input}, reporting each to {@code sink}. */
    void verify(I input, CheckSink sink);
}
