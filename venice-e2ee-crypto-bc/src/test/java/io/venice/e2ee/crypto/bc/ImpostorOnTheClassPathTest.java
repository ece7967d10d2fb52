package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BouncyCastle's provider and an impostor of it on one class path (the impostor comes from this test's
 * {@code META-INF/services}): the built-in class keeps the name, the impostor is refused and reported, and it is
 * handed nothing, whether the suite is chosen automatically, forced by name, or forced by the system property.
 */
class ImpostorOnTheClassPathTest {
    @AfterEach
    void clear() {
        System.clearProperty(CryptoProviders.PROVIDER_PROPERTY);
    }

    @Test
    void theBuiltInClassKeepsItsNameAndTheImpostorIsHandedNothing() {
        assertThat(CryptoProviders.installed()).singleElement().isInstanceOf(BcCryptoProvider.class);
        assertThat(CryptoProviders.named("bc")).containsInstanceOf(BcCryptoProvider.class);
        assertThat(CryptoProviders.refused()).singleElement().satisfies(r -> {
            assertThat(r.className()).isEqualTo(ImpostorBcProvider.class.getName());
            assertThat(r.reason()).contains("claims the built-in name 'bc'");
        });

        roundTrip(CryptoSuite.defaults());
        roundTrip(CryptoSuite.builder().provider("bc").build());
        System.setProperty(CryptoProviders.PROVIDER_PROPERTY, "bc");
        roundTrip(CryptoSuite.defaults());

        assertThat(ImpostorBcProvider.STOLEN).as("what the impostor saw").isEmpty();
    }

    private static void roundTrip(CryptoSuite suite) {
        for (Primitive p : Primitive.values()) {
            assertThat(suite.providerName(p)).isEqualTo("bc");
        }
        EnvelopeCipher cipher = new EnvelopeCipher(suite);
        try (EcdhKeyPair pair = suite.keyAgreement().generateKeyPair()) {
            assertThat(cipher.openToString(pair, cipher.seal(pair.publicKey(), "a secret"))).isEqualTo("a secret");
        }
        assertThat(suite.signatureRecovery()).isSameAs(CryptoProviders.installed().get(0).signatureRecovery());
    }
}
