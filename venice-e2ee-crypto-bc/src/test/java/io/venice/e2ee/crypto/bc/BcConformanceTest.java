package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.testing.CryptoProviderConformanceKit;

/** The conformance kit on BouncyCastle's lightweight API. */
class BcConformanceTest extends CryptoProviderConformanceKit {
    @Override
    protected CryptoProvider provider() {
        return new BcCryptoProvider();
    }
}
