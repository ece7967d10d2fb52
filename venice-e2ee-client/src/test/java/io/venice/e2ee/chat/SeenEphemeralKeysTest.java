package io.venice.e2ee.chat;

import io.venice.e2ee.crypto.Hex;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SeenEphemeralKeysTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An envelope's hex start: 04, X (32 bytes), Y (32 bytes). */
    private static String keyHex(byte[] x, byte[] y) {
        return "04" + Hex.encode(x) + Hex.encode(y) + "00";
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void aKeySeenOnceIsNewAndSeenTwiceIsNot() {
        SeenEphemeralKeys seen = new SeenEphemeralKeys();
        String k = keyHex(random32(), random32());
        assertThat(seen.add(k)).isTrue();
        assertThat(seen.add(k)).isFalse();
        assertThat(seen.add(k.toUpperCase())).as("the same key in upper-case hex").isFalse();
        assertThat(seen.add(keyHex(random32(), random32()))).isTrue();
    }

    @Test
    void aPointAndItsNegationShareXAndCountAsOneKey() {
        SeenEphemeralKeys seen = new SeenEphemeralKeys();
        byte[] x = random32();
        assertThat(seen.add(keyHex(x, random32()))).isTrue();
        assertThat(seen.add(keyHex(x, random32()))).isFalse();
    }

    @Test
    void theXPrefixIsTheFirstEightBytesOfX() {
        byte[] x = new byte[32];
        for (int i = 0; i < 32; i++) {
            x[i] = (byte) (i + 1);
        }
        assertThat(SeenEphemeralKeys.xPrefix(keyHex(x, new byte[32]))).isEqualTo(0x0102030405060708L);
    }

    @Test
    void aZeroPrefixIsRememberedLikeAnyOther() {
        SeenEphemeralKeys seen = new SeenEphemeralKeys();
        assertThat(seen.add(0L)).isTrue();
        assertThat(seen.add(0L)).isFalse();
    }

    @Test
    void atLeastTheLastGenerationOfKeysIsRememberedAndOlderOnesAreDropped() {
        SeenEphemeralKeys seen = new SeenEphemeralKeys();
        int n = SeenEphemeralKeys.GENERATION;
        for (long k = 1; k <= 3L * n; k++) {
            assertThat(seen.add(k * 0x9E3779B97F4A7C15L)).isTrue();
        }
        // the last generation (and the one before it) is remembered ...
        for (long k = 2L * n + 1; k <= 3L * n; k++) {
            assertThat(seen.add(k * 0x9E3779B97F4A7C15L)).as("key %d", k).isFalse();
        }
        // ... the first is gone: memory stays bounded
        assertThat(seen.add(0x9E3779B97F4A7C15L)).isTrue();
    }
}
