package io.venice.e2ee.envelope;

import io.venice.e2ee.crypto.Hex;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Envelope parsing and public-key text forms: every refusal that needs no crypto, and the accepted forms. */
class EnvelopeFormTest {
    private static final String KEY = "04" + "11".repeat(64);
    private static final String MINIMAL = KEY + "22".repeat(12) + "33".repeat(16);

    private static void refused(String hex, EnvelopeException.Check check) {
        assertThatThrownBy(() -> Envelope.parse(hex)).as("%s", hex.length() > 20 ? hex.substring(0, 20) + "..." : hex)
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.check()).isEqualTo(check));
    }

    @Test
    void parsesTheMinimalEnvelopeAndItsParts() {
        Envelope e = Envelope.parse(MINIMAL);
        assertThat(e.plaintextLength()).isZero();
        assertThat(Hex.encode(e.ephemeralPublicKey())).isEqualTo(KEY);
        assertThat(Hex.encode(e.nonce())).isEqualTo("22".repeat(12));
        assertThat(Hex.encode(e.ciphertextAndTag())).isEqualTo("33".repeat(16));
        assertThat(e.toHex()).isEqualTo(MINIMAL);
        assertThat(e.toString()).isEqualTo(MINIMAL);
        assertThat(e.toBytes()).hasSize(93);
        assertThat(Envelope.of(e.ephemeralPublicKey(), e.nonce(), e.ciphertextAndTag())).isEqualTo(e);
        assertThat(e.hashCode()).isEqualTo(Envelope.parse(MINIMAL).hashCode());
    }

    @Test
    void acceptsUpperCaseAndEmitsLowerCase() {
        Envelope e = Envelope.parse(MINIMAL.toUpperCase(Locale.ROOT).replace("0X", "0x"));
        assertThat(e.toHex()).isEqualTo(MINIMAL);
        assertThat(Envelope.parse("04" + "Ab".repeat(64) + "cD".repeat(28)).toHex()).isEqualTo("04" + "ab".repeat(64) + "cd".repeat(28));
    }

    @Test
    void refusesEachMalformedForm() {
        refused(MINIMAL + "0", EnvelopeException.Check.ODD_LENGTH);
        refused(MINIMAL.substring(0, 184), EnvelopeException.Check.TOO_SHORT);
        refused("", EnvelopeException.Check.TOO_SHORT);
        refused("0x" + MINIMAL, EnvelopeException.Check.NOT_HEX);
        refused("0x" + MINIMAL.substring(0, 100), EnvelopeException.Check.NOT_HEX);
        refused(MINIMAL.substring(0, 100) + "zz" + MINIMAL.substring(102), EnvelopeException.Check.NOT_HEX);
        refused(MINIMAL.substring(0, 100) + "\u00e9a" + MINIMAL.substring(102), EnvelopeException.Check.NOT_HEX);
        refused(" " + MINIMAL + " ", EnvelopeException.Check.NOT_HEX);
        refused("02" + MINIMAL.substring(2), EnvelopeException.Check.INVALID_POINT);
        refused("00" + MINIMAL.substring(2), EnvelopeException.Check.INVALID_POINT);
    }

    @Test
    void ofRefusesBadParts() {
        byte[] key = Hex.decode(KEY);
        assertThatThrownBy(() -> Envelope.of(new byte[65], new byte[12], new byte[16]))
                .isInstanceOf(EnvelopeException.InvalidPoint.class);
        assertThatThrownBy(() -> Envelope.of(key, new byte[11], new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.of(key, new byte[12], new byte[15])).isInstanceOf(EnvelopeException.TooShort.class);
    }

    @Test
    void refusesAnEnvelopeAboveTheMaximumBeforeReadingIt() {
        CharSequence huge = new HexDigits(Envelope.MAX_HEX_LENGTH + 2, true);
        assertThatThrownBy(() -> Envelope.parse(huge))
                .isInstanceOfSatisfying(EnvelopeException.TooLong.class, e -> assertThat(e.check())
                        .isEqualTo(EnvelopeException.Check.TOO_LONG))
                .hasMessageContaining("the maximum is " + Envelope.MAX_LENGTH);
        assertThat(Envelope.parse(new HexDigits(Envelope.MAX_HEX_LENGTH, false)).plaintextLength())
                .as("the maximum itself is accepted").isEqualTo(Envelope.MAX_PLAINTEXT_LENGTH);
        byte[] key = Hex.decode(KEY);
        assertThatThrownBy(() -> Envelope.of(key, new byte[12], new byte[Envelope.MAX_LENGTH - 76]))
                .isInstanceOf(EnvelopeException.TooLong.class);
    }

    @Test
    void sealRefusesAPlaintextAboveTheMaximumBeforeAnyCrypto() {
        EnvelopeCipher cipher = new EnvelopeCipher(Unreachable.KEY_AGREEMENT, (salt, ikm, info, out) -> {
            throw new AssertionError("HKDF reached");
        }, Unreachable.AEAD);
        byte[] recipient = Hex.decode(KEY);
        assertThatThrownBy(() -> cipher.seal(recipient, new byte[Envelope.MAX_PLAINTEXT_LENGTH + 1]))
                .isInstanceOf(EnvelopeException.TooLong.class);
    }

    /** {@code length} hex digits starting {@code 04}, generated on demand; optionally failing if any is read. */
    private record HexDigits(int length, boolean mustNotBeRead) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (mustNotBeRead) {
                throw new AssertionError("digit " + index + " was read");
            }
            return index == 1 ? '4' : '0';
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void publicKeyHexNormalisesThe128CharacterForm() {
        String body = "Ab".repeat(64);
        byte[] withPrefix = PublicKeyHex.parse("04" + body);
        assertThat(PublicKeyHex.parse(body)).isEqualTo(withPrefix);
        assertThat(PublicKeyHex.parse("  " + body + "\n")).isEqualTo(withPrefix);
        assertThat(PublicKeyHex.format(withPrefix)).isEqualTo("04" + "ab".repeat(64));
    }

    @Test
    void publicKeyHexRefusesEveryOtherForm() {
        for (String bad : new String[] {null, "", "04", "04" + "ab".repeat(62), "02" + "ab".repeat(64),
                "0x" + "ab".repeat(64), "04" + "ab".repeat(63) + "zz", "04" + "ab".repeat(65), "ab".repeat(32)}) {
            assertThatThrownBy(() -> PublicKeyHex.parse(bad)).as("%s", bad)
                    .isInstanceOfSatisfying(EnvelopeException.InvalidPublicKey.class,
                            e -> assertThat(e.check()).isEqualTo(EnvelopeException.Check.INVALID_PUBLIC_KEY));
        }
        assertThatThrownBy(() -> PublicKeyHex.format(new byte[64])).isInstanceOf(EnvelopeException.InvalidPublicKey.class);
        assertThatThrownBy(() -> PublicKeyHex.format(new byte[65])).isInstanceOf(EnvelopeException.InvalidPublicKey.class);
    }
}
