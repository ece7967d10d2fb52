package io.venice.e2ee.client;

import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.attestation.VerificationReport;

import java.util.Optional;
import java.util.stream.Collectors;

/** An end-to-end-encrypted session could not be opened or used. */
public abstract sealed class SessionException extends VeniceE2eeException
        permits SessionException.AttestationRejected, SessionException.NoModelKey, SessionException.Closed {
    private static final long serialVersionUID = 1L;

    SessionException(String message) {
        super(message);
    }

    /** The model's attestation did not pass the policy, so its key is not trusted. */
    public static final class AttestationRejected extends SessionException {
        private static final long serialVersionUID = 1L;

        private final transient VerificationReport report;

        /** Creates the exception for {@code model}, with the failed checks in {@code failures}. */
        public AttestationRejected(String model, String level, String failures) {
            this(model, level, failures, null);
        }

        /** Creates the exception for {@code model} from the report that refused it (its failed checks are named). */
        public AttestationRejected(String model, VerificationReport report) {
            this(model, report.level().label(), report.failures().stream()
                    .map(c -> c.id() + " (" + c.reason() + ")").collect(Collectors.joining("; ")), report);
        }

        private AttestationRejected(String model, String level, String failures, VerificationReport report) {
            super("attestation of " + model + " does not pass policy " + level + ": " + failures
                    + "; nothing was sent to the model (see the verification report, or choose another policy level"
                    + " or trust anchor if this is a test server)");
            this.report = report;
        }

        /** The verification report the attestation was refused on (every check), when the refusal came from one. */
        public Optional<VerificationReport> report() {
            return Optional.ofNullable(report);
        }
    }

    /** The attestation carries no usable model public key, so nothing can be encrypted to the model. */
    public static final class NoModelKey extends SessionException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code model} and why. */
        public NoModelKey(String model, String why) {
            super("model " + model + " offers no usable encryption key (" + why + "); check that it is an e2ee-*"
                    + " model");
        }
    }

    /** The session was closed and its keys zero-filled. */
    public static final class Closed extends SessionException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public Closed(String model) {
            super("the session for " + model + " is closed and its keys were erased; open a new session");
        }
    }
}
