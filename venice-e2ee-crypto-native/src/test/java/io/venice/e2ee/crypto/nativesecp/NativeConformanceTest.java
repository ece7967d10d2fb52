package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.testing.CryptoProviderConformanceKit;

/**
 * The conformance kit on libsecp256k1's JNI engine (on every JDK). The kit's HKDF and AES-GCM cases are skipped
 * here, as this provider serves neither; its envelope cases run with a reference HKDF and AES-GCM beside this key
 * agreement.
 */
class NativeConformanceTest extends CryptoProviderConformanceKit {
    @Override
    protected CryptoProvider provider() {
        return new NativeCryptoProvider(NativeCryptoProvider.Engine.JNI);
    }
}
