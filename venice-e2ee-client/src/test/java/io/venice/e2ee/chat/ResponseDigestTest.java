package io.venice.e2ee.chat;

import io.venice.e2ee.crypto.Hex;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseDigestTest {
    @Test
    void knownDigests() {
        // FIPS 180-2 example "abc", and the empty message
        assertThat(ResponseDigest.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(new ResponseDigest().finishHex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void anySplitGivesTheDigestOfTheWholeBody() throws Exception {
        byte[] body = new byte[1000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        String whole = Hex.encode(MessageDigest.getInstance("SHA-256").digest(body));
        for (int cut : new int[] {0, 1, 63, 64, 65, 999, 1000}) {
            ResponseDigest d = new ResponseDigest();
            d.update(ByteBuffer.wrap(body, 0, cut).slice());
            ByteBuffer direct = ByteBuffer.allocateDirect(body.length - cut);
            direct.put(body, cut, body.length - cut).flip();
            d.update(direct);
            assertThat(d.finishHex()).as("split at %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void theBufferIsLeftForTheFramer() {
        ByteBuffer b = ByteBuffer.wrap("data: x\n\n".getBytes(StandardCharsets.UTF_8), 2, 5);
        new ResponseDigest().update(b);
        assertThat(b.position()).isEqualTo(2);
        assertThat(b.remaining()).isEqualTo(5);
    }
}
