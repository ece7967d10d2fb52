package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.EcdhKeyAgreement;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.util.function.BooleanSupplier;

/**
 * Finds the constant-time key-agreement engine on {@code java.lang.foreign}, or says why it cannot run here.
 *
 * <p>Its classes are compiled for JDK 22 into {@code META-INF/versions/22} of this multi-release jar, so a JDK 17
 * never loads them; this JDK 17 class reaches them by name, only on JDK 22 or later, and only once native access is
 * enabled (without it the JDK would print a warning at the first restricted call, and later JDKs refuse it).
 */
final class FfmEngine {
    /** The engine's class, present only in {@code META-INF/versions/22}. */
    static final String ENGINE_CLASS = "io.venice.e2ee.crypto.nativesecp.FfmKeyAgreement";
    /** The first JDK whose {@code java.lang.foreign} is final. */
    static final int MINIMUM_JDK = 22;

    private FfmEngine() {
    }

    /**
     * The engine, or the reason it cannot run.
     *
     * @param keyAgreement the engine, or {@code null}
     * @param detail       what serves key agreement (when loaded) or why the engine cannot run (when not)
     */
    record Load(EcdhKeyAgreement keyAgreement, String detail) {
        static Load loaded(EcdhKeyAgreement keyAgreement, String engine) {
            return new Load(keyAgreement, engine);
        }

        static Load problem(String reason) {
            return new Load(null, reason);
        }

        boolean ok() {
            return keyAgreement != null;
        }
    }

    /** Loads the engine when this JVM can run it, {@code nativeAccessEnabled} telling whether it may call C. */
    static Load load(BooleanSupplier nativeAccessEnabled) {
        int jdk = Runtime.version().feature();
        if (jdk < MINIMUM_JDK) {
            return Load.problem("it needs JDK " + MINIMUM_JDK + " or later (this is JDK " + jdk + ")");
        }
        Class<?> engine;
        try {
            engine = Class.forName(ENGINE_CLASS, false, FfmEngine.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Load.problem("this venice-e2ee-crypto-native jar was built without it (build it with JDK "
                    + MINIMUM_JDK + " or later)");
        }
        if (!nativeAccessEnabled.getAsBoolean()) {
            return Load.problem("native access is not enabled; start java with --enable-native-access="
                    + nativeAccessName() + " (an application jar can instead say Enable-Native-Access: ALL-UNNAMED"
                    + " in its manifest)");
        }
        try {
            MethodHandle create = MethodHandles.lookup().findStatic(engine, "create", MethodType.methodType(Load.class));
            return (Load) create.invoke();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // create() reports every expected failure as a Load; anything else is a broken build, said plainly
            return Load.problem("it failed to start: " + e);
        }
    }

    /** {@code Module.isNativeAccessEnabled()}, a JDK 22 method, for the module holding this class (false before 22). */
    static boolean nativeAccessEnabled() {
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(FfmEngine.class.getModule());
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }

    /** What to name in {@code --enable-native-access}: this module, or every unnamed one (the class path). */
    private static String nativeAccessName() {
        Module module = FfmEngine.class.getModule();
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }
}
