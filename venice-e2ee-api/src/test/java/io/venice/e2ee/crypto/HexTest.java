package io.venice.e2ee.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void roundTripsRandomBytesOfEveryLengthUpTo300() {
        for (int n = 0; n <= 300; n++) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            String hex = Hex.encode(b);
            assertThat(hex).hasSize(2 * n).matches("[0-9a-f]*");
            assertThat(Hex.decode(hex)).isEqualTo(b);
            assertThat(Hex.decode(hex.toUpperCase(java.util.Locale.ROOT))).isEqualTo(b);
            assertThat(Hex.decode(new StringBuilder(hex))).as("any CharSequence").isEqualTo(b);
        }
    }

    @Test
    void encodesEveryByteValueAndSlices() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String hex = Hex.encode(all);
        for (int i = 0; i < 256; i++) {
            assertThat(hex.substring(2 * i, 2 * i + 2)).isEqualTo(String.format("%02x", i));
        }
        assertThat(Hex.encode(all, 254, 2)).isEqualTo("fefe".substring(0, 2) + "ff");
        assertThat(Hex.encode(new byte[0])).isEmpty();
    }

    @Test
    void decodesARangeOfACharSequence() {
        assertThat(Hex.decode("zzABcdzz", 2, 6)).containsExactly(0xab, 0xcd);
        assertThatThrownBy(() -> Hex.decode("zzABczzz", 2, 6)).isInstanceOfSatisfying(InvalidHexException.class,
                e -> assertThat(e.index()).as("relative to the range").isEqualTo(3));
    }

    @Test
    void refusesOddLength() {
        assertThatThrownBy(() -> Hex.decode("abc")).isInstanceOfSatisfying(InvalidHexException.class, e -> {
            assertThat(e.oddLength()).isTrue();
            assertThat(e.index()).isEqualTo(-1);
        });
        assertThatThrownBy(() -> Hex.decode("abcd", 0, 3)).isInstanceOf(InvalidHexException.class);
    }

    @Test
    void refusesEveryNonHexCharacterAndSaysWhere() {
        for (char c = 0; c < 512; c++) {
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            String s = "00" + c + "0";
            if (hex) {
                assertThat(Hex.decode(s)).hasSize(2);
                continue;
            }
            final char bad = c;
            assertThatThrownBy(() -> Hex.decode(s)).as("char %d", (int) bad)
                    .isInstanceOfSatisfying(InvalidHexException.class, e -> {
                        assertThat(e.index()).isEqualTo(2);
                        assertThat(e.oddLength()).isFalse();
                        assertThat(e.getMessage()).as("the position, never the text").isEqualTo(
                                "character at index 2 is not a hex digit");
                    });
        }
        assertThatThrownBy(() -> Hex.decode("0x00")).isInstanceOf(InvalidHexException.class);
        assertThatThrownBy(() -> Hex.decode("g0")).isInstanceOfSatisfying(InvalidHexException.class,
                e -> assertThat(e.index()).isZero());
    }

    @Test
    void isHexNeedsNonEmptyEvenHex() {
        assertThat(Hex.isHex("00aAfF")).isTrue();
        assertThat(Hex.isHex("")).isFalse();
        assertThat(Hex.isHex("0")).isFalse();
        assertThat(Hex.isHex("0g")).isFalse();
        assertThat(Hex.isHex("0\u00e9")).isFalse();
    }
}
