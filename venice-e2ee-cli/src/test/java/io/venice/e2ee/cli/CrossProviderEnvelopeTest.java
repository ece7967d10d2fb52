package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.jca.JcaCryptoProvider;
import io.venice.e2ee.crypto.nativesecp.NativeCryptoProvider;
import io.venice.e2ee.envelope.Envelope;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one provider seals, every other opens: every installed provider (plus the JCA provider over BouncyCastle's
 * JCA engine, so that JCA key agreement takes part), mixed per primitive in every combination, on both sides.
 */
class CrossProviderEnvelopeTest {
    private final SecureRandom random = new SecureRandom();

    private record Suite(String label, CryptoProvider ka, EnvelopeCipher cipher) {
    }

    private static List<CryptoProvider> providers() {
        List<CryptoProvider> all = new ArrayList<>(CryptoProviders.installed());
        all.add(new JcaCryptoProvider(new BouncyCastleProvider()));
        if (Runtime.version().feature() >= 22) {
            // the installed native provider runs the java.lang.foreign engine here; its JNI engine takes part too
            assertThat(label(CryptoProviders.named("native").orElseThrow())).isEqualTo("native-ffm");
            all.add(new NativeCryptoProvider(NativeCryptoProvider.Engine.JNI));
        }
        return all;
    }

    private static List<Suite> suites() {
        List<CryptoProvider> all = providers();
        List<Suite> suites = new ArrayList<>();
        for (CryptoProvider ka : all) {
            if (!ka.availability(Primitive.KEY_AGREEMENT).available()) {
                continue;
            }
            for (CryptoProvider kdf : all) {
                if (!kdf.availability(Primitive.KDF).available()) {
                    continue;
                }
                for (CryptoProvider aead : all) {
                    if (aead.availability(Primitive.AEAD).available()) {
                        suites.add(new Suite(label(ka) + "/" + label(kdf) + "/" + label(aead), ka,
                                new EnvelopeCipher(ka.keyAgreement(), kdf.kdf(), aead.aead())));
                    }
                }
            }
        }
        return suites;
    }

    private static String label(CryptoProvider p) {
        String engine = p.availability(Primitive.KEY_AGREEMENT).detail();
        return p.name() + (engine.contains("JCA KeyAgreement") ? "+BC"
                : engine.contains("java.lang.foreign") ? "-ffm" : engine.contains("(JNI)") ? "-jni" : "");
    }

    @Test
    void everySuiteOpensWhatEverySuiteSeals() throws Exception {
        List<Suite> suites = suites();
        // bc and jca+BC for key agreement, three of each for HKDF and AES-GCM (more when more providers are installed)
        assertThat(suites).hasSizeGreaterThanOrEqualTo(18);
        for (Suite opener : suites) {
            try (EcdhKeyPair recipient = opener.ka().keyAgreement().generateKeyPair()) {
                for (Suite sealer : suites) {
                    byte[] plaintext = new byte[random.nextInt(200)];
                    random.nextBytes(plaintext);
                    Envelope envelope = sealer.cipher().seal(recipient.publicKey(), plaintext);
                    assertThat(opener.cipher().open(recipient, envelope))
                            .as("sealed by %s, opened by %s", sealer.label(), opener.label()).isEqualTo(plaintext);
                }
            }
        }
    }

    @Test
    void keyPairsMoveBetweenKeyAgreementsUnchanged() throws Exception {
        List<CryptoProvider> kas = providers().stream()
                .filter(p -> p.availability(Primitive.KEY_AGREEMENT).available()).toList();
        assertThat(kas).hasSizeGreaterThanOrEqualTo(2);
        for (CryptoProvider from : kas) {
            for (CryptoProvider to : kas) {
                try (EcdhKeyPair a = from.keyAgreement().generateKeyPair(); SecretBytes d = a.privateKey();
                     EcdhKeyPair b = to.keyAgreement().keyPair(d);
                     EcdhKeyPair peer = to.keyAgreement().generateKeyPair()) {
                    assertThat(b.publicKey()).as("%s -> %s", label(from), label(to)).isEqualTo(a.publicKey());
                    assertThat(a.sharedSecretX(peer.publicKey())).isEqualTo(b.sharedSecretX(peer.publicKey()));
                }
            }
        }
    }
}
