package io.venice.e2ee.signature;

import io.venice.e2ee.VeniceE2eeException;

/** A response signature could not be read. (A signature that does not verify is a failed check, not an error.) */
public abstract sealed class ResponseSignatureException extends VeniceE2eeException permits ResponseSignatureException.Malformed {
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
}
