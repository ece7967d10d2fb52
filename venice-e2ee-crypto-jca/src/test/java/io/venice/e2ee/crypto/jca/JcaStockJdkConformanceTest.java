package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.testing.CryptoProviderConformanceKit;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

/** The conformance kit on the JDK's own providers: AES-GCM and HKDF run; key agreement is skipped as unavailable. */
class JcaStockJdkConformanceTest extends CryptoProviderConformanceKit {
    @Override
    protected CryptoProvider provider() {
        return new JcaCryptoProvider(Arrays.stream(Security.getProviders())
                .filter(p -> !p.getName().equals("BC"))
                .toArray(Provider[]::new));
    }
}
