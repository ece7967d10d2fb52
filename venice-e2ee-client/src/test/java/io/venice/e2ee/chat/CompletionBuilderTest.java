package io.venice.e2ee.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionBuilderTest {
    @Test
    void textIsJoinedAndTheLastMetadataSeenWins() {
        CompletionBuilder b = new CompletionBuilder();
        b.add(new ChatDelta(0, "chatcmpl-1", "e2ee-m", null, "Let me", null, null, true));
        b.add(new ChatDelta(1, null, null, "Fo", " think", null, null, true));
        b.add(new ChatDelta(2, "chatcmpl-1", null, "ur.", null, "stop", null, true));
        b.add(new ChatDelta(3, null, "e2ee-m-v2", null, null, null, new Usage(9, 2, 11), false));
        ChatCompletion c = b.build("aa", null);
        assertThat(c).isEqualTo(new ChatCompletion("chatcmpl-1", "e2ee-m-v2", "Four.", "Let me think", "stop",
                new Usage(9, 2, 11), 4, "aa", null));
    }

    @Test
    void anAnswerWithoutDeltasIsEmptyNotNull() {
        ChatCompletion c = new CompletionBuilder().build(null, "bb");
        assertThat(c.content()).isEmpty();
        assertThat(c.reasoning()).isEmpty();
        assertThat(c.chunks()).isZero();
        assertThat(c.responseSha256()).isEqualTo("bb");
    }
}
