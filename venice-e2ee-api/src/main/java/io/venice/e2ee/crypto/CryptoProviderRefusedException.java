package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Primitive;

import java.util.Objects;

/**
 * A crypto provider was refused before it served anything: it failed its known-answer test for a primitive, or it
 * claims a name it may not have (a built-in name on a class that is not the built-in one, or a name another provider
 * also claims). The message names the provider, its class and what failed; never any key.
 */
public final class CryptoProviderRefusedException extends CryptoConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String providerClass;
    private final transient Primitive primitive;

    /**
     * @param provider      the name the provider claims
     * @param providerClass its class name
     * @param primitive     the primitive whose known-answer test failed, or null when the name itself was refused
     * @param message       what failed and what to do
     */
    public CryptoProviderRefusedException(String provider, String providerClass, Primitive primitive, String message) {
        super(message);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.providerClass = Objects.requireNonNull(providerClass, "providerClass");
        this.primitive = primitive;
    }

    /** The name the refused provider claims. */
    public String provider() {
        return provider;
    }

    /** The class of the refused provider. */
    public String providerClass() {
        return providerClass;
    }

    /** The primitive whose known-answer test failed, or null when the provider was refused for its name. */
    public Primitive primitive() {
        return primitive;
    }
}
