package io.venice.e2ee.bench;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.nativesecp.NativeCryptoProvider;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers under test, looked up by name. BouncyCastle's JCA provider is installed first, because a stock JDK
 * 17 offers no secp256k1 and the {@code jca} provider's key agreement would otherwise be unavailable.
 *
 * <p>Key agreements are named {@code bc}, {@code jca}, {@code native-jni} (the native provider pinned to its JNI
 * engine, blinded) and {@code native-ffm} (pinned to its constant-time {@code java.lang.foreign} engine, JDK 22+
 * with {@code --enable-native-access=ALL-UNNAMED}), so both native engines are measured in the same JVM.
 */
final class BenchProviders {
    /** Every key agreement the benchmarks compare, in the order of their {@code @Param} lists. */
    static final String BC = "bc";
    static final String JCA = "jca";
    static final String NATIVE_JNI = "native-jni";
    static final String NATIVE_FFM = "native-ffm";

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
        return requireAvailable(name, p, primitive);
    }

    /** The provider serving the key agreement named {@code name} (see the class comment). */
    static CryptoProvider keyAgreement(String name) {
        return switch (name) {
            case NATIVE_JNI -> requireAvailable(name, new NativeCryptoProvider(NativeCryptoProvider.Engine.JNI),
                    Primitive.KEY_AGREEMENT);
            case NATIVE_FFM -> requireAvailable(name, new NativeCryptoProvider(NativeCryptoProvider.Engine.FFM),
                    Primitive.KEY_AGREEMENT);
            default -> require(name, Primitive.KEY_AGREEMENT);
        };
    }

    private static CryptoProvider requireAvailable(String name, CryptoProvider p, Primitive primitive) {
        Availability a = p.availability(primitive);
        if (!a.available()) {
            throw new IllegalStateException("'" + name + "' cannot serve " + primitive.displayName() + " here: "
                    + a.detail());
        }
        return p;
    }

    /**
     * The envelope suite "of" a key agreement: it, and its provider's HKDF and AES-GCM where that provider serves
     * them (the native provider serves only secp256k1, so it is paired with the best available of the others, as a
     * default suite would be).
     */
    static CryptoSuite suite(String name) {
        CryptoProvider ka = keyAgreement(name);
        List<CryptoProvider> all = new ArrayList<>(CryptoProviders.installed());
        all.removeIf(p -> p.name().equals(ka.name()));
        all.add(ka);
        CryptoSuite.Builder b = CryptoSuite.builder().providers(all).use(Primitive.KEY_AGREEMENT, ka.name());
        for (Primitive primitive : new Primitive[] {Primitive.KDF, Primitive.AEAD}) {
            b.use(primitive, ka.availability(primitive).available() ? ka.name()
                    : CryptoProviders.best(all, primitive).orElseThrow().name());
        }
        return b.build();
    }

    /** An envelope cipher over {@link #suite(String)}. */
    static EnvelopeCipher cipher(String name) {
        return new EnvelopeCipher(suite(name));
    }
}
