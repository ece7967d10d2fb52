package io.venice.e2ee.spi;

import java.security.GeneralSecurityException;

/** A private scalar was refused: not 32 bytes, or not in secp256k1's range 1..n-1. The message never shows it. */
public final class InvalidPrivateKeyException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a reason that never contains key material. */
    public InvalidPrivateKeyException(String reason) {
        super(reason);
    }
}
