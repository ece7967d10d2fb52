package io.venice.e2ee.spi;

import java.security.GeneralSecurityException;

/** A peer public key was refused: not 65 bytes, not uncompressed, a coordinate not below p, not on secp256k1, or infinity. */
public final class InvalidPeerKeyException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a reason that never contains key material. */
    public InvalidPeerKeyException(String reason) {
        super(reason);
    }
}
