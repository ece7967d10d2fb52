package io.venice.e2ee.spi;

import java.security.GeneralSecurityException;

/** A signature was refused: r or s not in 1..n-1, or no secp256k1 public key recovers from it. */
public final class InvalidSignatureException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a reason naming the check that failed. */
    public InvalidSignatureException(String reason) {
        super(reason);
    }
}
