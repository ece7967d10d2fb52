package io.venice.e2ee.signature;

import io.venice.e2ee.VeniceE2eeException;

/** A response signature could not be read. (A signature that does not verify is a failed check, not an error.) */
public abstract sealed class SignatureException extends VeniceE2eeException permits SignatureException.Malformed {
    private static final long serialVersionUID = 1L;

    SignatureException(String message) {
        super(message);
    }

    /** The signature answer or one of its fields has the wrong form. */
    public static final class Malformed extends SignatureException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public Malformed(String message) {
            super(message);
        }
    }
}
