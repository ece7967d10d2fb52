package io.venice.e2ee.springai;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.SessionException;
import org.springframework.ai.retry.NonTransientAiException;

import java.util.Optional;

/**
 * The model's enclave could not be verified, so nothing was sent to it: its attestation failed a check of the policy
 * (the report names which), carried no usable model key, could not be read, or Venice itself refused the enclave. A
 * Spring AI {@link NonTransientAiException} (retrying returns the same evidence); the cause is the library's typed
 * error ({@link SessionException}, {@code AttestationException} or {@code VeniceProtocolException.ServerRefused}).
 */
public class VeniceE2eeVerificationException extends NonTransientAiException {
    private static final long serialVersionUID = 1L;

    private final transient VerificationReport report;

    /** Wraps {@code cause}, keeping the verification report it was refused on, if any. */
    public VeniceE2eeVerificationException(RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.report = cause instanceof SessionException.AttestationRejected r ? r.report().orElse(null) : null;
    }

    /** The verification report (every check with its reason) when a check of the policy failed. */
    public Optional<VerificationReport> report() {
        return Optional.ofNullable(report);
    }
}
