package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoSuiteTest {
    /** Reports what it is told; its primitives are distinct objects so the test can see which provider served. */
    static final class FakeProvider implements CryptoProvider {
        private final String name;
        private final Map<Primitive, Availability> availability = new EnumMap<>(Primitive.class);
        final EcdhKeyAgreement keyAgreement = new EcdhKeyAgreement() {
            @Override
            public EcdhKeyPair generateKeyPair() {
                throw new UnsupportedOperationException();
            }

            @Override
            public EcdhKeyPair keyPair(SecretBytes privateKey) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void validatePublicKey(byte[] publicKey, int offset) {
            }
        };
        final Kdf kdf = (salt, ikm, info, out) -> { };
        final Aead aead = new Aead() {
            @Override
            public int seal(byte[] k, byte[] n, byte[] a, byte[] in, int io, int il, byte[] out, int oo) {
                return 0;
            }

            @Override
            public int open(byte[] k, byte[] n, byte[] a, byte[] in, int io, int il, byte[] out, int oo) {
                return 0;
            }
        };
        final SignatureRecovery recovery = (hash, sig, id) -> new byte[65];

        FakeProvider(String name, int priority, Primitive... missing) {
            this.name = name;
            for (Primitive p : Primitive.values()) {
                availability.put(p, Availability.available(priority, name + " engine", TimingGuarantee.CONSTANT_TIME));
            }
            for (Primitive p : missing) {
                availability.put(p, Availability.unavailable(name + " lacks " + p.displayName()));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Availability availability(Primitive primitive) {
            return availability.get(primitive);
        }

        @Override
        public EcdhKeyAgreement keyAgreement() {
            return keyAgreement;
        }

        @Override
        public Kdf kdf() {
            return kdf;
        }

        @Override
        public Aead aead() {
            return aead;
        }

        @Override
        public SignatureRecovery signatureRecovery() {
            return recovery;
        }
    }

    private final FakeProvider bc = new FakeProvider("bc", 10);
    private final FakeProvider jca = new FakeProvider("jca", 20, Primitive.KEY_AGREEMENT, Primitive.SIGNATURE_RECOVERY);
    private final FakeProvider fast = new FakeProvider("native", 30, Primitive.KDF, Primitive.AEAD);
    private final List<CryptoProvider> all = List.of(bc, jca, fast);

    @AfterEach
    void clearProperty() {
        System.clearProperty(CryptoProviders.PROVIDER_PROPERTY);
    }

    @Test
    void defaultsToTheBestAvailablePerPrimitive() {
        CryptoSuite suite = CryptoSuite.builder().providers(all).build();
        assertThat(suite.keyAgreement()).isSameAs(fast.keyAgreement);
        assertThat(suite.kdf()).isSameAs(jca.kdf);
        assertThat(suite.aead()).isSameAs(jca.aead);
        assertThat(suite.signatureRecovery()).isSameAs(fast.recovery);
        assertThat(suite.toString()).isEqualTo("CryptoSuite[KEY_AGREEMENT=native, KDF=jca, AEAD=jca, SIGNATURE_RECOVERY=native]");
    }

    @Test
    void forcedByNameThroughTheBuilder() {
        CryptoSuite suite = CryptoSuite.builder().providers(all).provider("BC").build();
        for (Primitive p : Primitive.values()) {
            assertThat(suite.providerName(p)).isEqualTo("bc");
        }
        assertThat(suite.aead()).isSameAs(bc.aead);
    }

    @Test
    void forcedByNameThroughTheSystemProperty() {
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "bc");
        assertThat(CryptoSuite.builder().providers(all).build().kdf()).isSameAs(bc.kdf);
        // the builder wins over the property
        assertThat(CryptoSuite.builder().providers(all).provider("jca").use(Primitive.KEY_AGREEMENT, "bc").build()
                .kdf()).isSameAs(jca.kdf);
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, " ");
        assertThat(CryptoSuite.builder().providers(all).build().kdf()).isSameAs(jca.kdf);
    }

    @Test
    void aForcedProviderMissingAPrimitiveNamesThePrimitiveAndTheModule() {
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).provider("jca").build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("secp256k1 key agreement")
                .hasMessageContaining("jca lacks")
                .hasMessageContaining("venice-e2ee-crypto-bc");
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "native");
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("HKDF-SHA256")
                .hasMessageContaining("venice-e2ee-crypto-jca");
    }

    @Test
    void aMissingSignatureRecoveryFailsOnlyWhenUsed() {
        CryptoSuite suite = CryptoSuite.builder().providers(List.of(jca, new FakeProvider("bc", 10,
                Primitive.SIGNATURE_RECOVERY))).build();
        assertThat(suite.providerName(Primitive.SIGNATURE_RECOVERY)).isEqualTo("none");
        assertThatThrownBy(suite::signatureRecovery).isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("signature recovery").hasMessageContaining("venice-e2ee-crypto-bc");
    }

    @Test
    void anUnknownProviderNameSaysWhatIsInstalled() {
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).provider("openssl").build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("'openssl' is not installed")
                .hasMessageContaining("bc, jca, native");
    }

    @Test
    void nothingInstalledSaysWhichModuleToAdd() {
        assertThatThrownBy(() -> CryptoSuite.builder().providers(List.of()).build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("found: none")
                .hasMessageContaining("venice-e2ee-crypto-");
    }

    @Test
    void mixesProvidersPerPrimitive() {
        CryptoSuite suite = CryptoSuite.builder().providers(all)
                .use(Primitive.KEY_AGREEMENT, "bc")
                .use(Primitive.AEAD, "bc")
                .build();
        assertThat(suite.keyAgreement()).isSameAs(bc.keyAgreement);
        assertThat(suite.aead()).isSameAs(bc.aead);
        assertThat(suite.kdf()).isSameAs(jca.kdf);
        assertThat(suite.providerName(Primitive.SIGNATURE_RECOVERY)).isEqualTo("native");
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).use(Primitive.AEAD, "native").build())
                .isInstanceOf(CryptoConfigurationException.class).hasMessageContaining("AES-256-GCM");
    }

    @Test
    void bestIgnoresUnavailableProviders() {
        assertThat(CryptoProviders.best(all, Primitive.KEY_AGREEMENT)).containsSame(fast);
        assertThat(CryptoProviders.best(List.of(jca), Primitive.KEY_AGREEMENT)).isEmpty();
    }
}
