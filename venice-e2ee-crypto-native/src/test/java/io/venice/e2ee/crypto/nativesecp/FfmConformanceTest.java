package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.testing.CryptoProviderConformanceKit;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * The conformance kit on the constant-time {@code java.lang.foreign} engine, on JDK 22+ (the build's JDK 25 pass).
 * The engine must be available there: a provider that reports it missing fails every case instead of skipping them.
 */
@EnabledForJreRange(min = JRE.JAVA_22)
class FfmConformanceTest extends CryptoProviderConformanceKit {
    @Override
    protected CryptoProvider provider() {
        NativeCryptoProvider provider = new NativeCryptoProvider(NativeCryptoProvider.Engine.FFM);
        if (provider.activeEngine() != NativeCryptoProvider.Engine.FFM) {
            throw new IllegalStateException("the java.lang.foreign engine must run on JDK 22+: "
                    + provider.availability(Primitive.KEY_AGREEMENT).detail());
        }
        return provider;
    }
}
