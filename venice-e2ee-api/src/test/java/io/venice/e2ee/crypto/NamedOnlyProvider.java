package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A correct third-party provider with a name of its own, registered through this test's {@code META-INF/services}:
 * usable, but only when named. Counts how often its primitives were handed out.
 */
public final class NamedOnlyProvider implements CryptoProvider {
    /** Number of primitives handed out. */
    public static final AtomicInteger SERVED = new AtomicInteger();

    @Override
    public String name() {
        return "custom";
    }

    @Override
    public Availability availability(Primitive primitive) {
        return Availability.available(1_000, "reference crypto", TimingGuarantee.VARIABLE_TIME);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        SERVED.incrementAndGet();
        return ReferenceCrypto.KEY_AGREEMENT;
    }

    @Override
    public Kdf kdf() {
        SERVED.incrementAndGet();
        return ReferenceCrypto.KDF;
    }

    @Override
    public Aead aead() {
        SERVED.incrementAndGet();
        return ReferenceCrypto.AEAD;
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        SERVED.incrementAndGet();
        return ReferenceCrypto.RECOVERY;
    }
}
