package io.venice.e2ee.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secret bytes: copied in, zero-filled on close, never shown, compared in constant time. */
class SecretBytesTest {
    @Test
    void copyOfIsIndependentOfTheCallersArray() {
        byte[] b = {1, 2, 3};
        SecretBytes k = SecretBytes.copyOf(b);
        b[0] = 9;
        assertThat(k.copyBytes()).containsExactly(1, 2, 3);
        assertThat(k.length()).isEqualTo(3);
        byte[] out = new byte[5];
        k.copyInto(out, 2);
        assertThat(out).containsExactly(0, 0, 1, 2, 3);
    }

    @Test
    void closeZeroFillsTheWrappedArrayAndRefusesAccess() {
        byte[] b = {7, 7, 7, 7};
        SecretBytes k = SecretBytes.wrap(b);
        k.close();
        assertThat(b).containsOnly(0);
        assertThat(k.isDestroyed()).isTrue();
        assertThatThrownBy(k::copyBytes).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret bytes were closed and zero-filled");
        assertThatThrownBy(() -> k.copyInto(new byte[4], 0)).isInstanceOf(IllegalStateException.class);
        k.close();
        assertThat(k.toString()).isEqualTo("SecretBytes[destroyed]");
    }

    @Test
    void toStringHidesTheBytes() {
        SecretBytes k = SecretBytes.copyOf(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        assertThat(k.toString()).doesNotContainIgnoringCase("dead").doesNotContain("-34").contains("hidden");
    }

    @Test
    void comparesBytesButNotThroughEquals() {
        SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2});
        SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2});
        assertThat(a.sameBytes(b)).isTrue();
        assertThat(a.sameBytes(SecretBytes.copyOf(new byte[] {1, 3}))).isFalse();
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isEqualTo(a);
    }

    @Test
    void refusesEmptySecrets() {
        assertThatThrownBy(() -> SecretBytes.copyOf(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret bytes must not be empty");
        assertThatThrownBy(() -> SecretBytes.wrap(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
