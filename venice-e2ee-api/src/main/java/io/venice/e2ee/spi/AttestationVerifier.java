package io.venice.e2ee.spi;

/**
 * One family of attestation checks (for example the TDX quote, or the GPU evidence), discovered through
 * {@link java.util.ServiceLoader}. A verifier reads an input of its {@link #inputType()} and reports each check it
 * owns to the sink, by a stable id, as passed, failed or skipped with a one-line reason. It never throws for bad
 * evidence: bad evidence is a failed check.
 *
 * @param <I> the input it understands
 */
public interface AttestationVerifier<I> {

    /** Outcome of one check. */
    enum Outcome {
        /** The check ran and held. */
        PASS,
        /** The check ran and did not hold. */
        FAIL,
        /** The check did not run (not required, no input, or something it depends on failed). */
        SKIP
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

    /** Position in the report: lower first. */
    int order();

    /** The input type this verifier reads; inputs of other types are not given to it. */
    Class<I> inputType();

    /** Runs every check this verifier owns on {@code input}, reporting each to {@code sink}. */
    void verify(I input, CheckSink sink);
}
