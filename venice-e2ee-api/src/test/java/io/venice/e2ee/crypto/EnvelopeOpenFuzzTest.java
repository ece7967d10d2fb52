package io.venice.e2ee.crypto;

import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.spi.EcdhKeyPair;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening an envelope with one byte changed anywhere (key, nonce, ciphertext, tag) is refused as an envelope error,
 * never opened and never a crash; on the api's reference crypto, so it checks the envelope code, not an engine.
 */
class EnvelopeOpenFuzzTest {
    private static EnvelopeCipher cipher;
    private static EcdhKeyPair recipient;
    private static String sealed;

    @BeforeContainer
    static void seal() {
        cipher = new EnvelopeCipher(ReferenceCrypto.KEY_AGREEMENT, ReferenceCrypto.KDF, ReferenceCrypto.AEAD);
        recipient = ReferenceCrypto.KEY_AGREEMENT.generateKeyPair();
        sealed = cipher.seal(recipient.publicKey(), "what is sealed stays sealed");
        assertThat(cipher.openToString(recipient, sealed)).isEqualTo("what is sealed stays sealed");
    }

    @AfterContainer
    static void close() {
        recipient.close();
    }

    @Provide
    Arbitrary<int[]> flips() {
        return Arbitraries.integers().between(0, sealed.length() / 2 - 1)
                .flatMap(i -> Arbitraries.integers().between(0, 7).map(bit -> new int[] {i, bit}));
    }

    @Property
    void anEnvelopeWithOneBitFlippedIsRefusedAsAnEnvelope(@ForAll("flips") int[] flip) {
        byte[] raw = Hex.decode(sealed);
        raw[flip[0]] ^= (byte) (1 << flip[1]);
        String tampered = Hex.encode(raw);
        assertThatThrownBy(() -> cipher.openToString(recipient, tampered))
                .as("byte %d bit %d", flip[0], flip[1]).isInstanceOf(EnvelopeException.class);
    }
}
