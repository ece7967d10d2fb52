package io.venice.e2ee.crypto.nativesecp;

import fr.acinq.secp256k1.Secp256k1;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;

import java.util.function.Supplier;

/**
 * secp256k1 key agreement and signature recovery on libsecp256k1 through its JNI binding: the fastest engine for
 * the per-chunk ECDH. Where the native library cannot load, both primitives report themselves unavailable with the
 * reason, and another provider serves them.
 */
public final class NativeCryptoProvider implements CryptoProvider {
    /** The name used to force this provider. */
    public static final String NAME = "native";

    /** Above jca (20) and bc (10) for key agreement: libsecp256k1 multiplies about three times faster. */
    static final int PRIORITY = 30;

    private final Libsecp256k1 lib;
    private final EcdhKeyAgreement keyAgreement;
    private final SignatureRecovery signatureRecovery;

    /** Creates the provider (called by {@link java.util.ServiceLoader}); loads the native library once. */
    public NativeCryptoProvider() {
        this(Secp256k1::get);
    }

    /** Creates the provider over a given way of loading the binding (tests use it to simulate a failed load). */
    NativeCryptoProvider(Supplier<Secp256k1> loader) {
        this.lib = Libsecp256k1.load(loader);
        this.keyAgreement = lib.loaded() ? new NativeKeyAgreement(lib.secp()) : null;
        this.signatureRecovery = lib.loaded() ? new NativeSignatureRecovery(lib.secp()) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability(Primitive primitive) {
        return switch (primitive) {
            case KEY_AGREEMENT -> lib.loaded()
                    ? Availability.available(PRIORITY, "libsecp256k1 (JNI) with multiplicative scalar blinding")
                    : Availability.unavailable(lib.problem());
            case SIGNATURE_RECOVERY -> lib.loaded()
                    ? Availability.available(PRIORITY, "libsecp256k1 (JNI) secp256k1_ecdsa_recover")
                    : Availability.unavailable(lib.problem());
            case KDF, AEAD -> Availability.unavailable("the native provider serves only secp256k1 primitives");
        };
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        if (keyAgreement == null) {
            throw new UnsupportedOperationException(lib.problem());
        }
        return keyAgreement;
    }

    @Override
    public Kdf kdf() {
        throw new UnsupportedOperationException("the native provider does not serve HKDF; use jca or bc");
    }

    @Override
    public Aead aead() {
        throw new UnsupportedOperationException("the native provider does not serve AES-GCM; use jca or bc");
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        if (signatureRecovery == null) {
            throw new UnsupportedOperationException(lib.problem());
        }
        return signatureRecovery;
    }
}
