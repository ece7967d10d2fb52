package io.venice.e2ee.crypto;

import io.venice.e2ee.crypto.CryptoSuiteTest.FakeProvider;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.security.spec.ECPoint;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which providers may serve: this test's class path registers (in {@code META-INF/services}) an impostor calling
 * itself {@code bc} at the highest priority and a correct provider named {@code custom}; the api alone has no
 * built-in provider on it.
 */
class ProviderTrustTest {
    @BeforeEach
    void forgetWhatWasStolen() {
        ImpostorProvider.STOLEN.clear();
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(CryptoProviders.PROVIDER_PROPERTY);
    }

    @Test
    void anImpostorOfABuiltInNameOnTheClassPathIsRefusedReportedAndHandedNothing() {
        assertThat(CryptoProviders.refused()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("bc");
            assertThat(r.className()).isEqualTo(ImpostorProvider.class.getName());
            assertThat(r.reason()).contains("built-in name 'bc'").contains("io.venice.e2ee.crypto.bc.BcCryptoProvider");
        });
        assertThat(CryptoProviders.installed()).isEmpty();
        assertThat(CryptoProviders.named("bc")).isEmpty();
        assertThatThrownBy(CryptoSuite::defaults).isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("no installed crypto provider can serve");
        // even forced by name, the name bc never reaches the impostor
        assertThatThrownBy(() -> CryptoSuite.builder().provider("bc").build())
                .isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("'bc' is not installed")
                .hasMessageContaining("refused: " + ImpostorProvider.class.getName());
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "bc");
        assertThatThrownBy(CryptoSuite::defaults).isInstanceOf(CryptoConfigurationException.class);
        assertThat(ImpostorProvider.STOLEN).isEmpty();
        assertThat(CryptoProviders.isBuiltIn(new ImpostorProvider())).isFalse();
    }

    @Test
    void aProviderWithANameOfItsOwnServesOnlyWhenNamed() {
        int before = NamedOnlyProvider.SERVED.get();
        assertThat(CryptoProviders.discovered().namedOnly()).singleElement()
                .isInstanceOf(NamedOnlyProvider.class);
        assertThatThrownBy(CryptoSuite::defaults).isInstanceOf(CryptoConfigurationException.class)
                .hasMessageContaining("not built in, used only when named: custom");
        assertThat(NamedOnlyProvider.SERVED.get()).as("not chosen automatically").isEqualTo(before);

        CryptoSuite named = CryptoSuite.builder().provider("custom").build();
        assertRoundTrip(named);
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "custom");
        assertRoundTrip(CryptoSuite.defaults());
        assertThat(named.signatureRecovery()).isSameAs(ReferenceCrypto.RECOVERY);
    }

    private static void assertRoundTrip(CryptoSuite suite) {
        EnvelopeCipher cipher = new EnvelopeCipher(suite);
        try (EcdhKeyPair pair = suite.keyAgreement().generateKeyPair()) {
            assertThat(cipher.openToString(pair, cipher.seal(pair.publicKey(), "hello"))).isEqualTo("hello");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Primitive.class, names = {"KEY_AGREEMENT", "KDF", "AEAD"})
    void aProviderThatComputesAnEnvelopePrimitiveWronglyIsRefusedBeforeItServes(Primitive primitive) {
        FakeProvider broken = new FakeProvider("broken", 10).wrong(primitive);
        assertThatThrownBy(() -> CryptoSuite.builder().providers(List.of(broken)).provider("broken").build())
                .isInstanceOfSatisfying(CryptoProviderRefusedException.class, e -> {
                    assertThat(e.provider()).isEqualTo("broken");
                    assertThat(e.providerClass()).isEqualTo(FakeProvider.class.getName());
                    assertThat(e.primitive()).isEqualTo(primitive);
                })
                .hasMessageContaining("crypto provider 'broken' (" + FakeProvider.class.getName() + ") failed its "
                        + primitive.displayName() + " known-answer test")
                .hasMessageContaining("it is not used");
        // the same refusal when it would have been chosen automatically from a list
        assertThatThrownBy(() -> CryptoSuite.builder().providers(List.of(broken)).build())
                .isInstanceOf(CryptoProviderRefusedException.class);
    }

    @Test
    void aWrongSignatureRecoveryIsRefusedOnFirstUse() {
        FakeProvider broken = new FakeProvider("broken", 10).wrong(Primitive.SIGNATURE_RECOVERY);
        CryptoSuite suite = CryptoSuite.builder().providers(List.of(broken)).build();
        assertThatThrownBy(suite::signatureRecovery).isInstanceOfSatisfying(CryptoProviderRefusedException.class,
                        e -> assertThat(e.primitive()).isEqualTo(Primitive.SIGNATURE_RECOVERY))
                .hasMessageContaining("secp256k1 signature recovery known-answer test")
                .hasMessageContaining("recovers a wrong public key");
    }

    @Test
    void aProviderThatThrowsInItsKnownAnswerTestIsRefusedNamingWhatItThrew() {
        FakeProvider throwing = new FakeProvider("throwing", 10) {
            @Override
            public io.venice.e2ee.spi.Kdf kdf() {
                return (salt, ikm, info, out) -> {
                    throw new ArrayIndexOutOfBoundsException(7);
                };
            }
        };
        assertThatThrownBy(() -> CryptoSuite.builder().providers(List.of(throwing)).build())
                .isInstanceOf(CryptoProviderRefusedException.class)
                .hasMessageContaining("HKDF-SHA256 known-answer test: it threw ArrayIndexOutOfBoundsException");
    }

    @Test
    void correctProvidersPassEveryKnownAnswerTest() {
        FakeProvider correct = new FakeProvider("correct", 10);
        for (Primitive p : Primitive.values()) {
            assertThat(CryptoProviders.selfTest(correct, p)).as(p.name()).isEmpty();
        }
        FakeProvider lax = new FakeProvider("lax", 10) {
            @Override
            public EcdhKeyAgreement keyAgreement() {
                return new LaxKeyAgreement();
            }
        };
        assertThat(CryptoProviders.selfTest(lax, Primitive.KEY_AGREEMENT))
                .as("a provider that skips point validation fails").contains(
                        "it agreed with a point that is not on the curve");
    }

    /** Right on the curve, and multiplies any point it is given: the invalid-curve attack's way in. */
    private static final class LaxKeyAgreement implements EcdhKeyAgreement {
        @Override
        public EcdhKeyPair generateKeyPair() {
            throw new UnsupportedOperationException();
        }

        @Override
        public EcdhKeyPair keyPair(SecretBytes privateKey) {
            BigInteger d = new BigInteger(1, privateKey.copyBytes());
            return new EcdhKeyPair() {
                private boolean closed;

                @Override
                public byte[] publicKey() {
                    return Secp256k1.encodePublicKey(ReferenceCrypto.multiply(d, Secp256k1.G));
                }

                @Override
                public SecretBytes privateKey() {
                    return SecretBytes.copyOf(Secp256k1.toFixed32(d));
                }

                @Override
                public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) {
                    if (closed) {
                        throw new IllegalStateException("closed");
                    }
                    ECPoint q = new ECPoint(new BigInteger(1, Arrays.copyOfRange(peer, peerOffset + 1, peerOffset + 33)),
                            new BigInteger(1, Arrays.copyOfRange(peer, peerOffset + 33, peerOffset + 65)));
                    Secp256k1.writeFixed32(ReferenceCrypto.multiply(d, q).getAffineX(), out, outOffset);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        @Override
        public void validatePublicKey(byte[] publicKey, int offset) {
        }
    }

    @Test
    void aListMayNotHoldTwoProvidersOfOneNameNorABuiltInNameOnAnotherClass() {
        assertThatThrownBy(() -> CryptoSuite.builder()
                .providers(List.of(new FakeProvider("twin", 10), new FakeProvider("TWIN", 20))).provider("twin").build())
                .isInstanceOf(CryptoProviderRefusedException.class)
                .hasMessageContaining("2 providers claim the name 'twin'; none of them is used");
        assertThatThrownBy(() -> CryptoSuite.builder().providers(List.of(new FakeProvider("native", 10))).build())
                .isInstanceOf(CryptoProviderRefusedException.class)
                .hasMessageContaining("claims the built-in name 'native'")
                .hasMessageContaining("io.venice.e2ee.crypto.nativesecp.NativeCryptoProvider");
    }

    @Test
    void screeningSortsProvidersIntoBuiltInNamedOnlyAndRefused() {
        List<CryptoProvider> found = List.of(new FakeProvider("a", 1), new ImpostorProvider(),
                new FakeProvider("dup", 1), new FakeProvider("dup", 2));
        CryptoProviders.Discovery d = CryptoProviders.screen(found);
        assertThat(d.builtIn()).isEmpty();
        assertThat(d.namedOnly()).extracting(CryptoProvider::name).containsExactly("a");
        assertThat(d.refused()).extracting(CryptoProviders.Refused::name).containsExactly("bc", "dup", "dup");
        assertThat(CryptoProviders.isBuiltInName("JCA")).isTrue();
        assertThat(CryptoProviders.isBuiltInName("custom")).isFalse();
    }
}
