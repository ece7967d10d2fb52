package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.Kdf;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 on BouncyCastle's {@link HKDFBytesGenerator}; one generator per thread, re-initialised per call. */
final class BcKdf implements Kdf {
    private static final ThreadLocal<HKDFBytesGenerator> GENERATOR =
            ThreadLocal.withInitial(() -> new HKDFBytesGenerator(new SHA256Digest()));

    @Override
    public void derive(byte[] salt, byte[] ikm, byte[] info, byte[] out) {
        if (out.length < 1 || out.length > MAX_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT_LENGTH);
        }
        HKDFBytesGenerator gen = GENERATOR.get();
        gen.init(new HKDFParameters(ikm, salt == null || salt.length == 0 ? null : salt, info));
        gen.generateBytes(out, 0, out.length);
    }
}
