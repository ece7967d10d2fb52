package io.venice.e2ee.crypto.nativesecp;

import fr.acinq.secp256k1.Secp256k1;
import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.TimingGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeCryptoProviderTest {
    private static final boolean JDK_22 = Runtime.version().feature() >= 22;

    @Test
    void isFoundByServiceLoaderAndServesTheSecp256k1PrimitivesFirst() {
        CryptoProvider p = CryptoProviders.load(getClass().getClassLoader()).stream()
                .filter(c -> c.name().equals("native")).findFirst().orElseThrow();
        Availability ka = p.availability(Primitive.KEY_AGREEMENT);
        assertThat(ka.available()).isTrue();
        assertThat(ka.priority()).isEqualTo(30);
        Availability recovery = p.availability(Primitive.SIGNATURE_RECOVERY);
        assertThat(recovery.available()).isTrue();
        assertThat(recovery.timing()).isEqualTo(TimingGuarantee.PUBLIC_INPUTS_ONLY);
        assertThat(p.availability(Primitive.KDF).available()).isFalse();
        assertThat(p.availability(Primitive.AEAD).available()).isFalse();
        assertThatThrownBy(p::aead).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(p::kdf).isInstanceOf(UnsupportedOperationException.class);
    }

    /** The build runs the tests with native access on JDK 22+, as the CLI jar's manifest enables it. */
    @Test
    void autoUsesTheConstantTimeEngineOnJdk22AndTheBlindedJniEngineBeforeSayingWhy() {
        NativeCryptoProvider p = new NativeCryptoProvider(NativeCryptoProvider.Engine.AUTO);
        Availability ka = p.availability(Primitive.KEY_AGREEMENT);
        if (JDK_22) {
            assertThat(p.activeEngine()).as(ka.detail()).isEqualTo(NativeCryptoProvider.Engine.FFM);
            assertThat(ka.timing()).isEqualTo(TimingGuarantee.CONSTANT_TIME);
            assertThat(ka.detail()).contains("secp256k1_ecdh").contains("java.lang.foreign");
        } else {
            assertThat(p.activeEngine()).isEqualTo(NativeCryptoProvider.Engine.JNI);
            assertThat(ka.timing()).isEqualTo(TimingGuarantee.BLINDED_VARIABLE_TIME);
            assertThat(ka.detail()).contains("blinding").contains("is not used").contains("needs JDK 22");
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void withoutNativeAccessAutoFallsBackToJniAndSaysHowToEnableIt() {
        NativeCryptoProvider p = new NativeCryptoProvider(Secp256k1::get, "auto", () -> FfmEngine.load(() -> false));
        Availability ka = p.availability(Primitive.KEY_AGREEMENT);
        assertThat(p.activeEngine()).isEqualTo(NativeCryptoProvider.Engine.JNI);
        assertThat(ka.timing()).isEqualTo(TimingGuarantee.BLINDED_VARIABLE_TIME);
        assertThat(ka.detail()).contains("native access is not enabled").contains("--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void theFfmEngineAskedForWhereItCannotRunIsUnavailableWithTheReason() {
        NativeCryptoProvider p = new NativeCryptoProvider(Secp256k1::get, "ffm", () -> FfmEngine.load(() -> false));
        Availability ka = p.availability(Primitive.KEY_AGREEMENT);
        assertThat(ka.available()).isFalse();
        assertThat(ka.detail()).contains("asked for").contains(JDK_22 ? "--enable-native-access" : "needs JDK 22");
        assertThatThrownBy(p::keyAgreement).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot run");
        // signature recovery does not depend on the engine
        assertThat(p.availability(Primitive.SIGNATURE_RECOVERY).available()).isTrue();
    }

    @Test
    void theJniEngineCanBePinnedByNameOrByTheSystemPropertysValue() {
        for (NativeCryptoProvider p : new NativeCryptoProvider[] {new NativeCryptoProvider(NativeCryptoProvider.Engine.JNI),
                new NativeCryptoProvider(Secp256k1::get, " JNI ", NativeCryptoProvider::loadFfm)}) {
            Availability ka = p.availability(Primitive.KEY_AGREEMENT);
            assertThat(p.activeEngine()).isEqualTo(NativeCryptoProvider.Engine.JNI);
            assertThat(ka.timing()).isEqualTo(TimingGuarantee.BLINDED_VARIABLE_TIME);
            assertThat(ka.detail()).contains("JNI engine was asked for");
        }
    }

    @Test
    void anUnknownEngineNameMakesKeyAgreementUnavailableWithTheChoices() {
        NativeCryptoProvider p = new NativeCryptoProvider(Secp256k1::get, "fastest", NativeCryptoProvider::loadFfm);
        Availability ka = p.availability(Primitive.KEY_AGREEMENT);
        assertThat(ka.available()).isFalse();
        assertThat(ka.detail()).contains(NativeCryptoProvider.ENGINE_PROPERTY + "=fastest").contains("auto, ffm or jni");
    }

    /** A JDK 17 build has no META-INF/versions/22: the base classes alone, loaded apart, on this JDK 22+. */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void aJarBuiltWithoutTheFfmEngineSaysSoOnJdk22() throws Exception {
        URL baseClasses = FfmEngine.class.getProtectionDomain().getCodeSource().getLocation();
        URL api = CryptoProvider.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader jdk17Build = new URLClassLoader(new URL[] {baseClasses, api},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> engine = jdk17Build.loadClass(FfmEngine.class.getName());
            assertThat(engine.getClassLoader()).isSameAs(jdk17Build);
            Method loadMethod = engine.getDeclaredMethod("load", BooleanSupplier.class);
            loadMethod.setAccessible(true);
            Object load = loadMethod.invoke(null, (BooleanSupplier) () -> true);
            assertThat((boolean) call(load.getClass(), load, "ok")).isFalse();
            assertThat((String) call(load.getClass(), load, "detail")).contains("built without it")
                    .contains("JDK 22 or later");
        }
    }

    private static Object call(Class<?> type, Object target, String method) throws Exception {
        Method m = type.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    @Test
    void reportsAFailedLoadAsUnavailableWithTheReasonInsteadOfThrowing() {
        NativeCryptoProvider p = new NativeCryptoProvider(() -> {
            throw new UnsatisfiedLinkError("no secp256k1-jni in java.library.path");
        });
        for (Primitive primitive : new Primitive[] {Primitive.KEY_AGREEMENT, Primitive.SIGNATURE_RECOVERY}) {
            Availability a = p.availability(primitive);
            assertThat(a.available()).isFalse();
            assertThat(a.detail()).contains("cannot be loaded").contains("no secp256k1-jni");
        }
        assertThatThrownBy(p::keyAgreement).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be loaded");
        assertThatThrownBy(p::signatureRecovery).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reportsTheBindingsOwnLoadErrorAsUnavailable() {
        NativeCryptoProvider p = new NativeCryptoProvider(() -> {
            throw new IllegalStateException("Could not load native secp256k1 library");
        });
        assertThat(p.availability(Primitive.KEY_AGREEMENT).detail()).contains("Could not load native secp256k1 library");
    }
}
