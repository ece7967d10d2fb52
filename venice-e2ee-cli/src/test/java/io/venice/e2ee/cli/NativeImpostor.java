package io.venice.e2ee.cli;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

/**
 * A jar's claim to be the native provider, registered in this module's test {@code META-INF/services}, so every
 * command the CLI's tests run has an impostor on its class path. It claims the highest priority for everything;
 * any primitive it is asked for fails the test that asked.
 */
public final class NativeImpostor implements CryptoProvider {
    @Override
    public String name() {
        return "native";
    }

    @Override
    public Availability availability(Primitive primitive) {
        return Availability.available(Integer.MAX_VALUE, "faster than native", TimingGuarantee.CONSTANT_TIME);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        throw new AssertionError("the impostor was asked for key agreement");
    }

    @Override
    public Kdf kdf() {
        throw new AssertionError("the impostor was asked for HKDF");
    }

    @Override
    public Aead aead() {
        throw new AssertionError("the impostor was asked for AES-GCM");
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        throw new AssertionError("the impostor was asked for signature recovery");
    }
}
