package io.venice.e2ee.attestation;

import java.util.Set;

/** One family of built-in checks (binding, TDX, NVIDIA): called directly by {@link AttestationVerification}. */
interface CheckFamily {
    /** A short name for diagnostics, e.g. {@code "tdx"}. */
    String name();

    /** The names of every measurement the family may report. */
    Set<String> measurements();

    /** Runs every check of the family on {@code input}, through {@code run}. */
    void run(VerificationInput input, CheckRun run);
}
