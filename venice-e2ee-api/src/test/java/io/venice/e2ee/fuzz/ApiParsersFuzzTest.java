package io.venice.e2ee.fuzz;

import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.InvalidHexException;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.envelope.Envelope;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api's parsers on anything: hex, envelopes (random text, random hex of every length around the limits,
 * truncations and bit flips of a valid one), public keys in hex, points, addresses. Only each parser's typed
 * refusal may escape.
 */
class ApiParsersFuzzTest {
    /** A valid envelope of a 4-byte plaintext (the golden vectors' form): 65 + 12 + 4 + 16 bytes. */
    static final String VALID = "04" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8" + "00".repeat(12) + "01020304"
            + "00".repeat(16);

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(400),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMaxLength(400),
                Arbitraries.strings().withChars("0123456789abcdef \n\t\r\u0000x").ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    @Property
    void hexDecodesOrRefusesByName(@ForAll("text") String s) {
        byte[] out = OnlyTyped.check(s, () -> Hex.decode(s), InvalidHexException.class);
        if (out != null) {
            assertThat(Hex.encode(out)).isEqualToIgnoringCase(s);
        }
        assertThat(Hex.isHex(s)).isEqualTo(out != null && !s.isEmpty());
    }

    @Property
    void envelopesParseOrAreRefusedAsEnvelopes(@ForAll("text") String s) {
        OnlyTyped.check(s, () -> Envelope.parse(s), EnvelopeException.class);
    }

    @Property
    void mutatedEnvelopesAreRefusedOrParsedNeverCrash(@ForAll("mutations") String s) {
        OnlyTyped.check(s, () -> Envelope.parse(s), EnvelopeException.class);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, VALID.length() - 1);
        return Arbitraries.oneOf(
                at.map(i -> VALID.substring(0, i)),
                at.map(i -> VALID.substring(i)),
                Arbitraries.integers().between(0, VALID.length() - 1).flatMap(i -> Arbitraries.chars()
                        .map(c -> VALID.substring(0, i) + c + VALID.substring(i + 1))),
                Arbitraries.integers().between(0, VALID.length()).flatMap(i -> Arbitraries.strings().ofMaxLength(8)
                        .map(ins -> VALID.substring(0, i) + ins + VALID.substring(i))));
    }

    @Test
    void everyTruncationOfAValidEnvelopeIsRefusedByName() {
        for (int i = 0; i < VALID.length(); i++) {
            String prefix = VALID.substring(0, i);
            OnlyTyped.check(prefix, () -> Envelope.parse(prefix), EnvelopeException.TooShort.class,
                    EnvelopeException.MalformedHex.class);
        }
        assertThat(Envelope.parse(VALID).toHex()).isEqualTo(VALID);
    }

    @Test
    void hexOfEveryLengthAroundTheLimitsIsParsedOrRefusedByLength() {
        for (int n : new int[] {0, 1, 184, 185, 186, 187, 188, Envelope.MAX_HEX_LENGTH - 2, Envelope.MAX_HEX_LENGTH,
                Envelope.MAX_HEX_LENGTH + 1, Envelope.MAX_HEX_LENGTH + 2}) {
            CharSequence hex = new RepeatedChars('0', n);
            OnlyTyped.check(n, () -> Envelope.parse(hex), EnvelopeException.class);
        }
    }

    @Property
    void publicKeysInHexParseOrAreRefusedAsPublicKeys(@ForAll("text") String s) {
        OnlyTyped.check(s, () -> PublicKeyHex.parse(s), EnvelopeException.InvalidPublicKey.class);
        OnlyTyped.check("04" + s, () -> PublicKeyHex.parse("04" + s), EnvelopeException.InvalidPublicKey.class);
    }

    @Property
    void anySixtyFiveBytesAreAPointOrRefusedByName(@ForAll @Size(65) byte[] b) {
        b[0] = 4;
        OnlyTyped.check(b, () -> {
            Secp256k1.validatePublicKey(b, 0);
            return b;
        }, InvalidPeerKeyException.class);
    }

    @Property
    void addressesParseOrAreRefused(@ForAll("text") String s) {
        OnlyTyped.check(s, () -> EthAddress.parse(s), IllegalArgumentException.class);
        OnlyTyped.check(s, () -> EthAddress.parse("0x" + s), IllegalArgumentException.class);
    }

    /** n copies of one character without allocating them (an envelope near its 32 M-digit limit). */
    private record RepeatedChars(char c, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return c;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new RepeatedChars(c, end - start);
        }

        @Override
        public String toString() {
            return String.valueOf(c).repeat(length);
        }
    }
}
