package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.protocol.VeniceError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chunk parsing without encryption (tee-* chats); the encrypted paths are tested with real providers elsewhere. */
class ChunkDecryptorPlainTest {
    private final ChunkDecryptor plain = ChunkDecryptor.plaintext();

    @Test
    void metadataContentAndReasoningAreRead() {
        ChatDelta d = plain.decrypt("{\"id\":\"chatcmpl-1\",\"model\":\"tee-m\",\"unknown\":{\"a\":[1,2]},\"choices\":[{"
                + "\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\",\"reasoning_content\":\"think\","
                + "\"tool_calls\":null},\"finish_reason\":null},{\"delta\":{\"content\":\"other choice\"}}]}", 3);
        assertThat(d).isEqualTo(new ChatDelta(3, "chatcmpl-1", "tee-m", "Hel", "think", null, null, false));
    }

    @Test
    void usageAndFinishReasonArePassedOn() {
        ChatDelta d = plain.decrypt("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}", 9);
        assertThat(d.finishReason()).isEqualTo("stop");
        assertThat(d.usage()).isEqualTo(new Usage(5, 7, 12));
        assertThat(d.text()).isEmpty();
    }

    @Test
    void theReasoningFieldIsReadToo() {
        assertThat(plain.decrypt("{\"choices\":[{\"delta\":{\"reasoning\":\"hmm\"}}]}", 0).reasoning()).isEqualTo("hmm");
    }

    @Test
    void malformedJsonNamesTheChunk() {
        assertThatThrownBy(() -> plain.decrypt("{\"choices\":[", 4)).isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessageContaining("chunk 4");
        assertThatThrownBy(() -> plain.decrypt("[1]", 5)).isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void aChunkThatTwoReadersCouldReadDifferentlyIsRefused() {
        // one reader keeps the first content, another the last: neither reading can be trusted
        assertThatThrownBy(() -> plain.decrypt("{\"choices\":[{\"delta\":{\"content\":\"yes\",\"content\":\"no\"}}]}",
                6)).isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessage("chunk 6 is malformed: the key 'content' appears twice in one object (readers could disagree"
                        + " on its value)");
        assertThatThrownBy(() -> plain.decrypt("{\"choices\":[{\"delta\":{\"content\":\"yes\"}}]} {\"choices\":[]}",
                7)).isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessage("chunk 7 is malformed: content after the JSON object");
        assertThat(plain.decrypt("{\"choices\":[{\"delta\":{\"content\":\"yes\"}}]}\n ", 8).text()).isEqualTo("yes");
    }

    @Test
    void anErrorInsideTheStreamIsTyped() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> plain.decrypt(
                "{\"error\":{\"message\":\"No provider found for model e2ee-x with public key 04ab\"}}", 0));
        assertThat(t).isInstanceOf(VeniceProtocolException.ServerRefused.class);
        assertThat(((VeniceProtocolException.ServerRefused) t).error()).isEqualTo(VeniceError.NO_PROVIDER);
        Throwable other = org.assertj.core.api.Assertions.catchThrowable(() -> plain.decrypt(
                "{\"error\":\"overloaded\\n\\u001b[2Jplease retry\"}", 2));
        assertThat(other).isInstanceOf(VeniceProtocolException.StreamError.class).hasMessageContaining("chunk 2")
                .hasMessageContaining("overloaded").hasMessageContaining("retry the request")
                .hasMessageNotContaining("\n").hasMessageNotContaining("\u001b");
        assertThat(((VeniceProtocolException.StreamError) other).chunk()).contains(2L);
    }

    @Test
    void doneIsRecognisedWithSurroundingSpaces() {
        byte[] b = " [DONE] ".getBytes(StandardCharsets.US_ASCII);
        assertThat(ChunkDecryptor.isDone(b, 0, b.length)).isTrue();
        byte[] c = "[DONE]x".getBytes(StandardCharsets.US_ASCII);
        assertThat(ChunkDecryptor.isDone(c, 0, c.length)).isFalse();
    }
}
