package io.venice.e2ee.springai;

import io.venice.e2ee.attestation.VerificationReport;

import java.time.Instant;
import java.util.Optional;

/**
 * One verification of a model's attestation, as a chat opened its session: passed (the session was opened) or
 * refused (nothing was sent).
 *
 * @param model          the model attested
 * @param at             when the outcome was known
 * @param passed         whether the session was opened
 * @param report         the verification report (every check), or null when the evidence could not be checked at all
 * @param signingAddress the attested enclave signing address when it passed, else null
 * @param failure        why it was refused (the library's message), or null when it passed
 */
public record VerificationEvent(String model, Instant at, boolean passed, VerificationReport report,
                                String signingAddress, String failure) {
    /** The report, when there is one. */
    public Optional<VerificationReport> reportIfAny() {
        return Optional.ofNullable(report);
    }
}
