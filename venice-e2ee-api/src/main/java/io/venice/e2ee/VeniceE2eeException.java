package io.venice.e2ee;

/**
 * Root of every error this library raises on purpose. Each concern has its own sealed family beneath it
 * (envelope, attestation, transport, protocol, crypto configuration); every message says what failed and what the
 * user can do, and never contains key material.
 */
public abstract class VeniceE2eeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a user-facing message. */
    protected VeniceE2eeException(String message) {
        super(message);
    }

    /** Creates the exception with a user-facing message and an underlying cause. */
    protected VeniceE2eeException(String message, Throwable cause) {
        super(message, cause);
    }
}
