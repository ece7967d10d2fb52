package io.venice.e2ee.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Eip191Test {
    @Test
    void hashIsTheKnownEthereumValue() {
        // keccak256("\x19Ethereum Signed Message:\n11hello world"), as eth_sign documents it
        assertThat(Hex.encode(Eip191.hash("hello world")))
                .isEqualTo("d9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
    }

    @Test
    void theLengthCountsUtf8BytesNotCharacters() {
        String text = "h\u00e9llo \ud83d\udd10";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(new String(Eip191.signedBytes(utf8), StandardCharsets.UTF_8))
                .isEqualTo("\u0019Ethereum Signed Message:\n" + utf8.length + text);
        assertThat(utf8.length).isNotEqualTo(text.length());
        assertThat(Eip191.hash(text)).isEqualTo(Keccak256.hash(Eip191.signedBytes(utf8)));
        assertThat(new String(Eip191.signedBytes(new byte[0]), StandardCharsets.US_ASCII))
                .isEqualTo("\u0019Ethereum Signed Message:\n0");
    }
}
