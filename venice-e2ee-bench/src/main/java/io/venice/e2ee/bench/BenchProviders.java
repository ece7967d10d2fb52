package io.venice.e2ee.bench;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Security;

/**
 * The providers under test, looked up by name. BouncyCastle's JCA provider is installed first, because a stock JDK
 * 17 offers no secp256k1 and the {@code jca} provider's key agreement would otherwise be unavailable.
 */
final class BenchProviders {
    static {
        installBouncyCastleJca();
    }

    /** Installs BouncyCastle's JCA provider unless it is there already. */
    static synchronized void installBouncyCastleJca() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private BenchProviders() {
    }

    /** The installed provider {@code name}, which must serve {@code primitive} here. */
    static CryptoProvider require(String name, Primitive primitive) {
        CryptoProvider p = CryptoProviders.named(name).orElseThrow(() -> new IllegalStateException(
                "crypto provider '" + name + "' is not on the bench class path"));
        Availability a = p.availability(primitive);
        if (!a.available()) {
            throw new IllegalStateException("crypto provider '" + name + "' cannot serve " + primitive.displayName()
                    + " here: " + a.detail());
        }
        return p;
    }

    /**
     * The envelope suite "of" a provider: its key agreement, and its HKDF and AES-GCM where it serves them (the
     * native provider serves only secp256k1, so it is paired with the best available of the others, as a default
     * suite would be).
     */
    static CryptoSuite suite(String name) {
        require(name, Primitive.KEY_AGREEMENT);
        CryptoSuite.Builder b = CryptoSuite.builder().use(Primitive.KEY_AGREEMENT, name);
        CryptoProvider p = CryptoProviders.named(name).orElseThrow();
        for (Primitive primitive : new Primitive[] {Primitive.KDF, Primitive.AEAD}) {
            if (p.availability(primitive).available()) {
                b.use(primitive, name);
            } else {
                b.use(primitive, CryptoProviders.best(CryptoProviders.installed(), primitive).orElseThrow().name());
            }
        }
        return b.build();
    }

    /** An envelope cipher over {@link #suite(String)}. */
    static EnvelopeCipher cipher(String name) {
        return new EnvelopeCipher(suite(name));
    }
}
