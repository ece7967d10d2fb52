package io.venice.e2ee.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionBuilderTest {
    @Test
    void textIsJoinedAndTheLastMetadataSeenWins() {
        CompletionBuilder b = new CompletionBuilder(PrivacyMode.END_TO_END);
        ConfidentialityWarning plain = new ConfidentialityWarning(1, "delta.reasoning");
        b.add(new ChatDelta(0, "chatcmpl-1", "e2ee-m", null, "Let me", null, null, true), List.of());
        b.add(new ChatDelta(1, null, null, "Fo", " think", null, null, true), List.of(plain));
        b.add(new ChatDelta(2, "chatcmpl-1", null, "ur.", null, "stop", null, true), List.of());
        b.add(new ChatDelta(3, null, "e2ee-m-v2", null, null, null, new Usage(9, 2, 11), false), List.of());
        ChatCompletion c = b.build("aa", null);
        assertThat(c).isEqualTo(new ChatCompletion("chatcmpl-1", "e2ee-m-v2", "Four.", "Let me think", "stop",
                new Usage(9, 2, 11), 4, "aa", null, PrivacyMode.END_TO_END, List.of(plain)));
    }

    @Test
    void anAnswerWithoutDeltasIsEmptyNotNull() {
        ChatCompletion c = new CompletionBuilder(PrivacyMode.TEE_ONLY).build(null, "bb");
        assertThat(c.content()).isEmpty();
        assertThat(c.reasoning()).isEmpty();
        assertThat(c.chunks()).isZero();
        assertThat(c.responseSha256()).isEqualTo("bb");
        assertThat(c.privacy()).isEqualTo(PrivacyMode.TEE_ONLY);
        assertThat(c.warnings()).isEmpty();
    }
}
