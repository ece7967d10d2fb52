package io.venice.e2ee.bench;

import fr.acinq.secp256k1.Secp256k1;

/**
 * A multiply through {@code java.lang.foreign} for {@link EcdhFloorBench}. Its implementation, {@code FfmFloor}, is
 * compiled for JDK 22 into {@code META-INF/versions/22} of the benchmarks jar (the bench's {@code jdk22} profile),
 * so it is reached by name, and only on JDK 22 or later.
 */
interface FfmMultiply {
    /** The X coordinate of the scalar times {@code peer} (65 bytes, uncompressed). */
    byte[] xOf(byte[] peer);

    /**
     * {@code secp256k1_ec_pubkey_tweak_mul} (variable time: the floor) when {@code tweakMul}, else
     * {@code secp256k1_ecdh} with the library's SHA-256 hash, both by the scalar {@code d32}.
     */
    static FfmMultiply create(boolean tweakMul, byte[] d32) {
        if (Runtime.version().feature() < 22) {
            throw new IllegalStateException("the java.lang.foreign floor needs JDK 22 or later");
        }
        Secp256k1.get(); // the binding loads the library whose symbols the floor then looks up
        Class<?> floor;
        try {
            floor = Class.forName("io.venice.e2ee.bench.FfmFloor");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this benchmarks jar has no java.lang.foreign floor (build it with JDK 22+)", e);
        }
        try {
            return (FfmMultiply) floor.getDeclaredConstructor(boolean.class, byte[].class).newInstance(tweakMul, d32);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("the java.lang.foreign floor failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
