package io.venice.e2ee.signature;

import io.venice.e2ee.VeniceE2eeException;

/**
 * A response signature could not be fetched or read. (A signature that does not verify is a failed check, not an
 * error.)
 */
public abstract sealed class ResponseSignatureException extends VeniceE2eeException
        permits ResponseSignatureException.Malformed, ResponseSignatureException.NoCompletionId,
        ResponseSignatureException.NotVerified {
    private static final long serialVersionUID = 1L;

    ResponseSignatureException(String message) {
        super(message);
    }

    /** The signature answer or one of its fields has the wrong form. */
    public static final class Malformed extends ResponseSignatureException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public Malformed(String message) {
            super(message);
        }
    }

    /**
     * A signature was required and it does not tie the answer to the attested enclave: the answer (already delivered)
     * is not authenticated, since the protocol does not authenticate chunks.
     */
    public static final class NotVerified extends ResponseSignatureException {
        private static final long serialVersionUID = 1L;
        private final transient SignatureReport report;

        /** Creates the exception for completion {@code id} from the report that did not verify. */
        public NotVerified(String id, SignatureReport report) {
            super("the response signature of " + id + " does not tie the answer to the attested enclave ("
                    + reasons(report) + "); the answer was delivered but is not authenticated (a signature was"
                    + " required)");
            this.report = report;
        }

        /** The signature report that did not verify. */
        public SignatureReport report() {
            return report;
        }

        private static String reasons(SignatureReport r) {
            StringBuilder sb = new StringBuilder();
            for (SignatureReport.Check c : r.checks()) {
                if (c.verdict() != SignatureReport.Verdict.PASSED) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(c.id()).append(' ').append(c.verdict())
                            .append(": ").append(c.reason());
                }
            }
            return sb.length() == 0 ? "verdict " + r.verdict() : sb.toString();
        }
    }

    /** The answer carried no completion id, and the signature is fetched by that id. */
    public static final class NoCompletionId extends ResponseSignatureException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for a completion of {@code model}. */
        public NoCompletionId(String model) {
            super("the answer from " + model + " carried no completion id (\"id\": \"chatcmpl-...\" in its chunks), so"
                    + " its response signature cannot be fetched; the server did not send the chunks Venice sends");
        }
    }
}
