package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

/**
 * Every SPI primitive on BouncyCastle's lightweight API: pure Java, available everywhere, low priority.
 *
 * <p>Timing: key agreement is blinded variable time (BouncyCastle's multiply is variable time; the key is split into
 * fresh additive shares per agreement, see {@code BcKeyAgreement}); HKDF is SHA-256, constant time; AES-GCM is
 * plain ({@code AESEngine} and the GCM multiplier use lookup tables indexed by secret data); signature recovery
 * sees public data only.
 */
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
            case KEY_AGREEMENT -> Availability.available(10, "BouncyCastle EC arithmetic with additive scalar splitting",
                    TimingGuarantee.BLINDED_VARIABLE_TIME);
            case KDF -> Availability.available(10, "BouncyCastle HKDFBytesGenerator", TimingGuarantee.CONSTANT_TIME);
            case AEAD -> Availability.available(10, "BouncyCastle GCMBlockCipher (table-based AES and GHASH, no AES-NI)",
                    TimingGuarantee.VARIABLE_TIME);
            case SIGNATURE_RECOVERY -> Availability.available(10, "BouncyCastle EC arithmetic (public data only)",
                    TimingGuarantee.PUBLIC_INPUTS_ONLY);
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
