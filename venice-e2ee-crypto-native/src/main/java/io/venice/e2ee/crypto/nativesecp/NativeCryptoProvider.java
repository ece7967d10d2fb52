package io.venice.e2ee.crypto.nativesecp;

import fr.acinq.secp256k1.Secp256k1;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * secp256k1 key agreement and signature recovery on libsecp256k1, the fastest engine for the per-chunk ECDH.
 *
 * <p>Key agreement has two engines over the same library (the one the {@code secp256k1-kmp} JNI binding bundles and
 * loads):
 * <ul>
 *   <li>{@link Engine#FFM}: libsecp256k1's constant-time {@code secp256k1_ecdh} called through
 *       {@code java.lang.foreign}, on JDK 22 or later with native access enabled
 *       ({@code --enable-native-access=ALL-UNNAMED}); timing guarantee {@link TimingGuarantee#CONSTANT_TIME};</li>
 *   <li>{@link Engine#JNI}: the binding's variable-time multiply with multiplicative scalar blinding, on any JDK;
 *       timing guarantee {@link TimingGuarantee#BLINDED_VARIABLE_TIME}.</li>
 * </ul>
 * By default ({@link Engine#AUTO}) the FFM engine is used wherever it can run, and the JNI one elsewhere, with the
 * reason in the key-agreement detail that {@code venice-e2ee providers} prints. The system property
 * {@value #ENGINE_PROPERTY} ({@code auto}, {@code ffm} or {@code jni}) pins one. Signature recovery, on public data
 * only, always uses the binding. Where the library cannot load at all, both primitives report themselves
 * unavailable with the reason, and another provider serves them.
 */
public final class NativeCryptoProvider implements CryptoProvider {
    /** The name used to force this provider. */
    public static final String NAME = "native";
    /** System property that pins the key-agreement engine: {@code auto} (the default), {@code ffm} or {@code jni}. */
    public static final String ENGINE_PROPERTY = "venice.e2ee.native.engine";

    /** Above bc (10) and jca (5) for key agreement: libsecp256k1 multiplies several times faster. */
    static final int PRIORITY = 30;
    private static final String JNI_ENGINE = "libsecp256k1 (JNI) with multiplicative scalar blinding";
    /**
     * Whether native access was enabled as the JVM was started, read before the first provider loads the binding:
     * from JDK 24 the binding's {@code System.load} warns once and then enables native access for its module, which
     * would otherwise hide that the user never enabled it.
     */
    private static final boolean NATIVE_ACCESS_AT_START = FfmEngine.nativeAccessEnabled();

    /** The key-agreement engines over libsecp256k1. */
    public enum Engine {
        /** {@link #FFM} where it can run, else {@link #JNI}. */
        AUTO,
        /** libsecp256k1's constant-time {@code secp256k1_ecdh} through {@code java.lang.foreign} (JDK 22+). */
        FFM,
        /** The JNI binding's variable-time multiply, with multiplicative scalar blinding (any JDK). */
        JNI
    }

    private final Libsecp256k1 lib;
    private final EcdhKeyAgreement keyAgreement;
    private final Engine activeEngine;
    private final Availability keyAgreementAvailability;
    private final SignatureRecovery signatureRecovery;

    /**
     * Creates the provider (called by {@link java.util.ServiceLoader}) with the engine named by the system property
     * {@value #ENGINE_PROPERTY}, {@link Engine#AUTO} when it is unset; loads the native library once.
     */
    public NativeCryptoProvider() {
        this(Secp256k1::get, System.getProperty(ENGINE_PROPERTY), NativeCryptoProvider::loadFfm);
    }

    /** Creates the provider with the key-agreement engine {@code engine}, whatever the system property says. */
    public NativeCryptoProvider(Engine engine) {
        this(Secp256k1::get, Objects.requireNonNull(engine, "engine").name(), NativeCryptoProvider::loadFfm);
    }

    /** Creates the provider over a given way of loading the binding (tests use it to simulate a failed load). */
    NativeCryptoProvider(Supplier<Secp256k1> loader) {
        this(loader, Engine.AUTO.name(), NativeCryptoProvider::loadFfm);
    }

    /** The provider over {@code loader}, with the engine named {@code engine} and the FFM engine from {@code ffm}. */
    NativeCryptoProvider(Supplier<Secp256k1> loader, String engine, Supplier<FfmEngine.Load> ffm) {
        this.lib = Libsecp256k1.load(loader);
        this.signatureRecovery = lib.loaded() ? new NativeSignatureRecovery(lib.secp()) : null;
        Engine requested = parse(engine);
        if (!lib.loaded()) {
            // the FFM engine calls the library the binding loaded, so it cannot run without it either
            keyAgreement = null;
            activeEngine = null;
            keyAgreementAvailability = Availability.unavailable(lib.problem());
        } else if (requested == null) {
            keyAgreement = null;
            activeEngine = null;
            keyAgreementAvailability = Availability.unavailable(ENGINE_PROPERTY + "=" + engine
                    + " names no engine; use auto, ffm or jni");
        } else {
            FfmEngine.Load ffmLoad = requested == Engine.JNI ? null : ffm.get();
            if (ffmLoad != null && ffmLoad.ok()) {
                keyAgreement = ffmLoad.keyAgreement();
                activeEngine = Engine.FFM;
                keyAgreementAvailability = Availability.available(PRIORITY, ffmLoad.detail(),
                        TimingGuarantee.CONSTANT_TIME);
            } else if (requested == Engine.FFM) {
                keyAgreement = null;
                activeEngine = null;
                keyAgreementAvailability = Availability.unavailable(
                        "the constant-time java.lang.foreign engine was asked for but cannot run: " + ffmLoad.detail());
            } else {
                keyAgreement = new NativeKeyAgreement(lib.secp());
                activeEngine = Engine.JNI;
                keyAgreementAvailability = Availability.available(PRIORITY, JNI_ENGINE + (ffmLoad == null
                                ? " (the JNI engine was asked for)"
                                : "; the constant-time java.lang.foreign engine is not used: " + ffmLoad.detail()),
                        TimingGuarantee.BLINDED_VARIABLE_TIME);
            }
        }
    }

    /** The FFM engine, if native access was enabled as the JVM started. */
    static FfmEngine.Load loadFfm() {
        return FfmEngine.load(() -> NATIVE_ACCESS_AT_START);
    }

    private static Engine parse(String engine) {
        if (engine == null || engine.isBlank()) {
            return Engine.AUTO;
        }
        try {
            return Engine.valueOf(engine.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key-agreement engine in use, or {@code null} when key agreement is unavailable. */
    Engine activeEngine() {
        return activeEngine;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability(Primitive primitive) {
        return switch (primitive) {
            case KEY_AGREEMENT -> keyAgreementAvailability;
            case SIGNATURE_RECOVERY -> lib.loaded()
                    ? Availability.available(PRIORITY, "libsecp256k1 (JNI) secp256k1_ecdsa_recover",
                            TimingGuarantee.PUBLIC_INPUTS_ONLY)
                    : Availability.unavailable(lib.problem());
            case KDF, AEAD -> Availability.unavailable("the native provider serves only secp256k1 primitives");
        };
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        if (keyAgreement == null) {
            throw new UnsupportedOperationException(keyAgreementAvailability.detail());
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
