package io.venice.e2ee.crypto;

import io.venice.e2ee.VeniceE2eeException;

/**
 * No crypto provider can serve a primitive as configured: the message names the primitive and the module to add.
 * A provider refused for what it is or what it computes is the subtype {@link CryptoProviderRefusedException}.
 */
public sealed class CryptoConfigurationException extends VeniceE2eeException permits CryptoProviderRefusedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what is missing and how to fix it. */
    public CryptoConfigurationException(String message) {
        super(message);
    }
}
