package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;

/** Every SPI primitive on BouncyCastle's lightweight API: pure Java, available everywhere, lowest priority. */
public final class BcCryptoProvider implements CryptoProvider {
    /** The name used to force this provider. */
    public static final String NAME = "bc";

    private final EcdhKeyAgreement keyAgreement = new BcKeyAgreement();
    private final Kdf kdf = new BcKdf();
    private final Aead aead = new BcAead();
    private final SignatureRecovery signatureRecovery = new BcSignatureRecovery();

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public BcCryptoProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability(Primitive primitive) {
        return switch (primitive) {
            case KEY_AGREEMENT -> Availability.available(10, "BouncyCastle EC arithmetic with additive scalar splitting");
            case KDF -> Availability.available(10, "BouncyCastle HKDFBytesGenerator");
            case AEAD -> Availability.available(10, "BouncyCastle GCMBlockCipher (table-based GHASH, no AES-NI)");
            case SIGNATURE_RECOVERY -> Availability.available(10, "BouncyCastle EC arithmetic (public data only)");
        };
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        return keyAgreement;
    }

    @Override
    public Kdf kdf() {
        return kdf;
    }

    @Override
    public Aead aead() {
        return aead;
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        return signatureRecovery;
    }
}
