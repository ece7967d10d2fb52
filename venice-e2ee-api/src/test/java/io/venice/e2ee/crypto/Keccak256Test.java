package io.venice.e2ee.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Keccak256Test {
    private static String keccak(String s) {
        return Hex.encode(Keccak256.hash(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void knownAnswers() {
        assertThat(keccak("")).isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(keccak("abc")).isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
        // Ethereum's transfer(address,uint256) selector is the first 4 bytes
        assertThat(keccak("transfer(address,uint256)")).startsWith("a9059cbb");
    }

    @Test
    void hashesAcrossTheRateBoundaryAndSlices() {
        // 136 bytes is Keccak-256's rate: lengths around it exercise padding in one and two blocks
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        for (int n : new int[] {135, 136, 137, 272}) {
            byte[] slice = java.util.Arrays.copyOfRange(data, 5, 5 + n);
            assertThat(Keccak256.hash(data, 5, n)).as("length %d", n).isEqualTo(Keccak256.hash(slice));
        }
        assertThat(Keccak256.hash(new byte[135])).isNotEqualTo(Keccak256.hash(new byte[136]));
        assertThat(Hex.encode(Keccak256.hash("a".repeat(200).getBytes(StandardCharsets.US_ASCII)))).hasSize(64);
    }
}
