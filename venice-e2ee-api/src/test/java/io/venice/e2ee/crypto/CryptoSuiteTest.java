package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
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
    /**
     * Reports what it is told; its primitives are distinct objects (so the test can see which provider served) over
     * correct reference crypto (so they pass the known-answer tests), except the one it is told to get wrong.
     */
    static class FakeProvider implements CryptoProvider {
        private final String name;
        private final Map<Primitive, Availability> availability = new EnumMap<>(Primitive.class);
        private Primitive wrong;
        final EcdhKeyAgreement keyAgreement = new EcdhKeyAgreement() {
            @Override
            public EcdhKeyPair generateKeyPair() {
                return ReferenceCrypto.KEY_AGREEMENT.generateKeyPair();
            }

            @Override
            public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
                EcdhKeyPair pair = ReferenceCrypto.KEY_AGREEMENT.keyPair(privateKey);
                if (wrong != Primitive.KEY_AGREEMENT) {
                    return pair;
                }
                return new EcdhKeyPair() {
                    @Override
                    public byte[] publicKey() {
                        return pair.publicKey();
                    }

                    @Override
                    public SecretBytes privateKey() {
                        return pair.privateKey();
                    }

                    @Override
                    public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset)
                            throws InvalidPeerKeyException {
                        pair.sharedSecretX(peer, peerOffset, out, outOffset);
                        out[outOffset] ^= 1;
                    }

                    @Override
                    public void close() {
                        pair.close();
                    }
                };
            }

            @Override
            public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
                ReferenceCrypto.KEY_AGREEMENT.validatePublicKey(publicKey, offset);
            }
        };
        final Kdf kdf = (salt, ikm, info, out) -> {
            ReferenceCrypto.KDF.derive(salt, ikm, info, out);
            if (wrong == Primitive.KDF) {
                out[0] ^= 1;
            }
        };
        final Aead aead = new Aead() {
            @Override
            public int seal(byte[] k, byte[] n, byte[] a, byte[] in, int io, int il, byte[] out, int oo) {
                int written = ReferenceCrypto.AEAD.seal(k, n, a, in, io, il, out, oo);
                if (wrong == Primitive.AEAD) {
                    out[oo] ^= 1;
                }
                return written;
            }

            @Override
            public int open(byte[] k, byte[] n, byte[] a, byte[] in, int io, int il, byte[] out, int oo)
                    throws AuthenticationFailedException {
                return ReferenceCrypto.AEAD.open(k, n, a, in, io, il, out, oo);
            }
        };
        final SignatureRecovery recovery = (hash, sig, id) -> {
            byte[] key = ReferenceCrypto.RECOVERY.recoverPublicKey(hash, sig, id);
            if (wrong == Primitive.SIGNATURE_RECOVERY) {
                key[1] ^= 1;
            }
            return key;
        };

        FakeProvider(String name, int priority, Primitive... missing) {
            this.name = name;
            for (Primitive p : Primitive.values()) {
                availability.put(p, Availability.available(priority, name + " engine", TimingGuarantee.CONSTANT_TIME));
            }
            for (Primitive p : missing) {
                availability.put(p, Availability.unavailable(name + " lacks " + p.displayName()));
            }
        }

        /** Makes this provider compute {@code primitive} wrongly. */
        FakeProvider wrong(Primitive primitive) {
            this.wrong = primitive;
            return this;
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

    // not the built-in names: those belong to the built-in classes alone
    private final FakeProvider bc = new FakeProvider("slow", 10);
    private final FakeProvider jca = new FakeProvider("symmetric", 20, Primitive.KEY_AGREEMENT,
            Primitive.SIGNATURE_RECOVERY);
    private final FakeProvider fast = new FakeProvider("fast", 30, Primitive.KDF, Primitive.AEAD);
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
        assertThat(suite.toString()).isEqualTo("CryptoSuite[KEY_AGREEMENT=fast, KDF=symmetric, AEAD=symmetric, SIGNATURE_RECOVERY=fast]");
    }

    @Test
    void forcedByNameThroughTheBuilder() {
        CryptoSuite suite = CryptoSuite.builder().providers(all).provider("SLOW").build();
        for (Primitive p : Primitive.values()) {
            assertThat(suite.providerName(p)).isEqualTo("slow");
        }
        assertThat(suite.aead()).isSameAs(bc.aead);
    }

    @Test
    void forcedByNameThroughTheSystemProperty() {
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "slow");
        assertThat(CryptoSuite.builder().providers(all).build().kdf()).isSameAs(bc.kdf);
        // the builder wins over the property
        assertThat(CryptoSuite.builder().providers(all).provider("symmetric").use(Primitive.KEY_AGREEMENT, "slow").build()
                .kdf()).isSameAs(jca.kdf);
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, " ");
        assertThat(CryptoSuite.builder().providers(all).build().kdf()).isSameAs(jca.kdf);
    }

    @Test
    void aForcedProviderMissingAPrimitiveNamesThePrimitiveAndTheModule() {
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).provider("symmetric").build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("secp256k1 key agreement")
                .hasMessageContaining("symmetric lacks")
                .hasMessageContaining("venice-e2ee-crypto-bc");
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "fast");
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("HKDF-SHA256")
                .hasMessageContaining("venice-e2ee-crypto-jca");
    }

    @Test
    void aMissingSignatureRecoveryFailsOnlyWhenUsed() {
        CryptoSuite suite = CryptoSuite.builder().providers(List.of(jca, new FakeProvider("slow", 10,
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
                .hasMessageContaining("fast, slow, symmetric");
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
                .use(Primitive.KEY_AGREEMENT, "slow")
                .use(Primitive.AEAD, "slow")
                .build();
        assertThat(suite.keyAgreement()).isSameAs(bc.keyAgreement);
        assertThat(suite.aead()).isSameAs(bc.aead);
        assertThat(suite.kdf()).isSameAs(jca.kdf);
        assertThat(suite.providerName(Primitive.SIGNATURE_RECOVERY)).isEqualTo("fast");
        assertThatThrownBy(() -> CryptoSuite.builder().providers(all).use(Primitive.AEAD, "fast").build())
                .isInstanceOf(CryptoConfigurationException.class).hasMessageContaining("AES-256-GCM");
    }

    @Test
    void bestIgnoresUnavailableProviders() {
        assertThat(CryptoProviders.best(all, Primitive.KEY_AGREEMENT)).containsSame(fast);
        assertThat(CryptoProviders.best(List.of(jca), Primitive.KEY_AGREEMENT)).isEmpty();
    }
}
