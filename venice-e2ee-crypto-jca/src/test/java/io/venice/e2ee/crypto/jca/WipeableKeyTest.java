package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.crypto.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WipeableKeyTest {
    @Test
    void handsOutCopiesPrintsNothingAndIsWipedByDestroy() {
        byte[] key = Hex.decode("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        WipeableKey k = new WipeableKey(key, "AES");
        byte[] copy = k.getEncoded();
        assertThat(copy).isEqualTo(key).isNotSameAs(k.getEncoded());
        assertThat(k.toString()).isEqualTo("WipeableKey[AES, hidden]");
        k.destroy();
        assertThat(k.isDestroyed()).isTrue();
        assertThatThrownBy(k::getEncoded).isInstanceOf(IllegalStateException.class);
        assertThat(io.venice.e2ee.testing.SecretScan.of(k, key)).isEmpty();
    }
}
