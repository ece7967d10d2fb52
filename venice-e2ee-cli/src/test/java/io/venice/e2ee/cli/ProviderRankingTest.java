package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.bc.BcCryptoProvider;
import io.venice.e2ee.crypto.jca.JcaCryptoProvider;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default choice when BouncyCastle's JCA provider offers secp256k1: jca's key agreement (the same BouncyCastle
 * arithmetic through JCA, at about twice the cost) is never chosen over bc or native, while jca keeps HKDF and
 * AES-GCM.
 */
class ProviderRankingTest {
    @Test
    void jcaKeyAgreementRanksBelowBcButJcaKeepsHkdfAndAesGcm() {
        JcaCryptoProvider jcaOverBc = new JcaCryptoProvider(new BouncyCastleProvider());
        assertThat(jcaOverBc.availability(Primitive.KEY_AGREEMENT).available()).isTrue();
        CryptoSuite suite = CryptoSuite.builder().providers(List.of(jcaOverBc, new BcCryptoProvider())).build();
        assertThat(suite.providerName(Primitive.KEY_AGREEMENT)).isEqualTo("bc");
        assertThat(suite.providerName(Primitive.KDF)).isEqualTo("jca");
        assertThat(suite.providerName(Primitive.AEAD)).isEqualTo("jca");
    }

    @Test
    void withEveryProviderInstalledNativeServesKeyAgreement() {
        List<CryptoProvider> all = new ArrayList<>(CryptoProviders.installed());
        all.removeIf(p -> p.name().equals("jca"));
        all.add(new JcaCryptoProvider(new BouncyCastleProvider()));
        CryptoSuite suite = CryptoSuite.builder().providers(all).build();
        assertThat(suite.providerName(Primitive.KEY_AGREEMENT)).isEqualTo("native");
        assertThat(suite.providerName(Primitive.KDF)).isEqualTo("jca");
        assertThat(suite.providerName(Primitive.AEAD)).isEqualTo("jca");
    }
}
