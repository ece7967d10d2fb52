package io.venice.e2ee.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.sse.SseDecoder;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The per-chunk hot path against the shared golden envelopes (made by the reference client's libraries). */
class ChunkDecryptorE2eeTest {
    private static final JsonNode VECTORS = TestVectors.json("venice/e2ee_vectors.json");
    private final EnvelopeCipher cipher = new EnvelopeCipher(CryptoSuite.defaults());

    private EcdhKeyPair key(JsonNode v) throws Exception {
        return cipher.keyAgreement().keyPair(SecretBytes.copyOf(Hex.decode(v.get("recipientPrivateKey").asText())));
    }

    private static String chunk(String field, String value) {
        return "{\"id\":\"chatcmpl-7\",\"choices\":[{\"delta\":{\"" + field + "\":\"" + value + "\"}}]}";
    }

    @Test
    void everyGoldenEnvelopeOpensAsContentAndAsReasoning() throws Exception {
        for (JsonNode v : VECTORS.get("envelopes")) {
            try (EcdhKeyPair k = key(v)) {
                ChunkDecryptor d = ChunkDecryptor.e2ee(cipher, k, false);
                String expected = v.get("plaintext").asText();
                ChatDelta c = d.decrypt(chunk("content", v.get("envelope").asText()), 1);
                assertThat(c.content()).as(v.get("comment").asText()).isEqualTo(expected);
                assertThat(c.encrypted()).isTrue();
                assertThat(c.id()).isEqualTo("chatcmpl-7");
                assertThat(d.decrypt(chunk("reasoning_content", v.get("envelope").asText()), 2).reasoning())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void refusedEnvelopesFailNamingChunkFieldAndCheck() throws Exception {
        for (JsonNode v : VECTORS.get("rejected")) {
            String env = v.get("envelope").asText();
            if (env.length() < 186 || !env.startsWith("04")) {
                continue; // too short or not claiming to be an envelope: that is plaintext, covered below
            }
            try (EcdhKeyPair k = key(v)) {
                Throwable t = catchThrowable(() -> ChunkDecryptor.e2ee(cipher, k, false)
                        .decrypt(chunk("content", env), 12));
                assertThat(t).as(v.get("comment").asText()).isInstanceOf(VeniceProtocolException.DecryptFailed.class)
                        .hasMessageContaining("chunk 12").hasMessageContaining("delta.content")
                        .hasMessageContaining("attest again");
                assertThat(t.getCause()).isInstanceOf(EnvelopeException.class);
            }
        }
    }

    @Test
    void plaintextIsADowngradeUnlessWhitespaceOrAllowed() throws Exception {
        JsonNode v = VECTORS.get("envelopes").get(0);
        try (EcdhKeyPair k = key(v)) {
            ChunkDecryptor strict = ChunkDecryptor.e2ee(cipher, k, false);
            assertThatThrownBy(() -> strict.decrypt(chunk("content", "Hello"), 3))
                    .isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("chunk 3");
            assertThatThrownBy(() -> strict.decrypt(chunk("content", "cafe"), 4))
                    .isInstanceOf(VeniceProtocolException.Downgrade.class);
            ChatDelta ws = strict.decrypt(chunk("content", " \\n"), 5);
            assertThat(ws.content()).isEqualTo(" \n");
            assertThat(ws.encrypted()).isFalse();
            assertThat(ChunkDecryptor.e2ee(cipher, k, true).decrypt(chunk("content", "Hello"), 6).content())
                    .isEqualTo("Hello");
        }
    }

    @Test
    void plaintextInMessageOrTextIsADowngradeNotDropped() throws Exception {
        JsonNode v = VECTORS.get("envelopes").get(0);
        try (EcdhKeyPair k = key(v)) {
            ChunkDecryptor strict = ChunkDecryptor.e2ee(cipher, k, false);
            assertThatThrownBy(() -> strict.decrypt("{\"choices\":[{\"message\":{\"content\":\"Hello\"}}]}", 2))
                    .isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("chunk 2")
                    .hasMessageContaining("message.content");
            assertThatThrownBy(() -> strict.decrypt("{\"choices\":[{\"message\":{\"reasoning_content\":\"hm\"}}]}",
                    3)).isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("message.reasoning_content");
            assertThatThrownBy(() -> strict.decrypt("{\"choices\":[{\"text\":\"Hello\"}]}", 4))
                    .isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("plaintext text");
            assertThat(strict.decrypt("{\"choices\":[{\"message\":{\"content\":\" \"},\"text\":\"\\n\"}]}", 5)
                    .content()).isEqualTo(" \n");
            assertThat(ChunkDecryptor.e2ee(cipher, k, true).decrypt("{\"choices\":[{\"text\":\"Hello\"}]}", 6)
                    .content()).isEqualTo("Hello");
        }
    }

    @Test
    void envelopesInMessageAndTextOpenLikeDeltas() throws Exception {
        JsonNode v = VECTORS.get("envelopes").get(0);
        String env = v.get("envelope").asText();
        try (EcdhKeyPair k = key(v)) {
            ChunkDecryptor d = ChunkDecryptor.e2ee(cipher, k, false);
            ChatDelta m = d.decrypt("{\"choices\":[{\"message\":{\"content\":\"" + env + "\"}}]}", 1);
            assertThat(m.content()).isEqualTo(v.get("plaintext").asText());
            assertThat(m.encrypted()).isTrue();
            assertThat(d.decrypt("{\"choices\":[{\"text\":\"" + env + "\"}]}", 2).content())
                    .isEqualTo(v.get("plaintext").asText());
        }
    }

    @Test
    void oneSseDataLineInUtf8TextOut() throws Exception {
        JsonNode v = VECTORS.get("envelopes").get(0);
        try (EcdhKeyPair k = key(v)) {
            ChunkDecryptor d = ChunkDecryptor.e2ee(cipher, k, false);
            List<String> out = new ArrayList<>();
            SseDecoder sse = new SseDecoder((type, data, off, len) -> out.add(d.decrypt(data, off, len, out.size()).text()));
            byte[] line = ("data: " + chunk("content", v.get("envelope").asText()) + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            sse.feed(line, 0, line.length);
            assertThat(out).containsExactly(v.get("plaintext").asText());
        }
    }
}
