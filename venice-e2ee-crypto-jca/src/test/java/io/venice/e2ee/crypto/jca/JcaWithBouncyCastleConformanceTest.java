package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.TimingGuarantee;
import io.venice.e2ee.testing.CryptoProviderConformanceKit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.Security;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance kit on the JCA, with BouncyCastle's JCA provider installed the way an application would install
 * it, so that key agreement runs the whole suite through {@code javax.crypto.KeyAgreement}.
 */
class JcaWithBouncyCastleConformanceTest extends CryptoProviderConformanceKit {
    private static boolean installedHere;

    @BeforeAll
    static void installBouncyCastle() {
        installedHere = Security.addProvider(new BouncyCastleProvider()) != -1;
    }

    @AfterAll
    static void removeBouncyCastle() {
        if (installedHere) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
    }

    @Override
    protected CryptoProvider provider() {
        return new JcaCryptoProvider();
    }

    @Test
    void keyAgreementComesFromTheInstalledJcaProviderAndRanksBelowBc() {
        var a = new JcaCryptoProvider().availability(Primitive.KEY_AGREEMENT);
        assertThat(a.available()).isTrue();
        // the same BouncyCastle arithmetic as bc (priority 10) at about twice the cost: chosen only when bc is absent
        assertThat(a.priority()).isLessThan(10);
        assertThat(a.detail()).contains(BouncyCastleProvider.PROVIDER_NAME).contains("blinding");
        assertThat(a.timing()).isEqualTo(TimingGuarantee.BLINDED_VARIABLE_TIME);
    }
}
