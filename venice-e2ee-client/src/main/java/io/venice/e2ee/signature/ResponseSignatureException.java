package io.venice.e2ee.signature;

import io.venice.e2ee.VeniceE2eeException;

/**
 * A response signature could not be fetched or read. (A signature that does not verify is a failed check, not an
 * error.)
 */
public abstract sealed class ResponseSignatureException extends VeniceE2eeException
        permits ResponseSignatureException.Malformed, ResponseSignatureException.NoCompletionId {
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
