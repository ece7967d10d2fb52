package io.venice.e2ee.crypto.nativesecp;

import fr.acinq.secp256k1.Secp256k1;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The loaded libsecp256k1 binding, or the reason it could not be loaded. Loading never throws: a JVM on a platform
 * without a bundled library (or without a writable temporary folder to extract it to) simply reports the reason.
 */
final class Libsecp256k1 {
    /** Uncompressed encoding of the generator G, to check that the loaded library computes what it should. */
    private static final byte[] GENERATOR = io.venice.e2ee.crypto.Secp256k1.encodePublicKey(
            io.venice.e2ee.crypto.Secp256k1.G);

    private final Secp256k1 secp;
    private final String problem;

    private Libsecp256k1(Secp256k1 secp, String problem) {
        this.secp = secp;
        this.problem = problem;
    }

    /** Loads the binding through {@code loader}, catching every failure to load or link it. */
    static Libsecp256k1 load(Supplier<Secp256k1> loader) {
        try {
            Secp256k1 s = loader.get();
            byte[] one = new byte[32];
            one[31] = 1;
            if (!Arrays.equals(s.pubkeyCreate(one), GENERATOR)) {
                return new Libsecp256k1(null, "libsecp256k1 loaded but failed its self-test (1·G is not G)");
            }
            return new Libsecp256k1(s, null);
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError or the binding's own
            // IllegalStateException: the message names the platform or the missing file, never anything secret
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Libsecp256k1(null, "libsecp256k1 JNI library cannot be loaded here ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "): " + why);
        }
    }

    /** Whether the library is usable. */
    boolean loaded() {
        return secp != null;
    }

    /** Why the library is not usable, or {@code null} when it is. */
    String problem() {
        return problem;
    }

    /** The binding; only called when {@link #loaded()}. */
    Secp256k1 secp() {
        if (secp == null) {
            throw new UnsupportedOperationException(problem);
        }
        return secp;
    }
}
