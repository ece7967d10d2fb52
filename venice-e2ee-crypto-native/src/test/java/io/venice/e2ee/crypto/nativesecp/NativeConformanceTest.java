package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.testkit.CryptoProviderConformanceKit;

/**
 * The conformance kit on libsecp256k1. The kit's HKDF, AES-GCM and envelope cases are skipped here, as this
 * provider serves neither; {@link NativeKeyAgreementTest} opens the golden envelopes with its shared secrets.
 */
class NativeConformanceTest extends CryptoProviderConformanceKit {
    @Override
    protected CryptoProvider provider() {
        return new NativeCryptoProvider();
    }
}
