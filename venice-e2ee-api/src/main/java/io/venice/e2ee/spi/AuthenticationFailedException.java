package io.venice.e2ee.spi;

import java.security.GeneralSecurityException;

/** An AEAD tag did not verify: the ciphertext, nonce, tag or key is wrong. Nothing is released. */
public final class AuthenticationFailedException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a reason that never contains key material. */
    public AuthenticationFailedException(String reason) {
        super(reason);
    }
}
