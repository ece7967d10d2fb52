package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an end-to-end-encrypted session accepts in plaintext, what it decrypts, and what it refuses. */
class ChunkDecryptorPolicyTest {
    private final SealedAnswer answer = new SealedAnswer();

    @AfterEach
    void close() {
        answer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reasoning_content", "reasoning"})
    void encryptedReasoningIsDecryptedUnderEitherName(String field) {
        ChatDelta d = answer.decryptor().decrypt(answer.sealedField(field, "Let me think."), 2);
        assertThat(d.reasoning()).isEqualTo("Let me think.");
        assertThat(d.content()).isNull();
        assertThat(d.encrypted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reasoning_content", "reasoning"})
    void plaintextReasoningPassesWithAConfidentialityWarningByDefault(String field) {
        OpenedChunk c = answer.decryptor().open(bytes(SealedAnswer.delta("\"" + field + "\":\"hmm\"")), 0,
                SealedAnswer.delta("\"" + field + "\":\"hmm\"").length(), 4);
        assertThat(new String(c.reasoning(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hmm");
        assertThat(c.encrypted()).isFalse();
        assertThat(c.warnings()).containsExactly(new ConfidentialityWarning(4, "delta." + field));
        assertThat(c.warnings().get(0).message()).contains("chunk 4").contains("delta." + field)
                .contains("plaintext").contains("outside the enclave");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reasoning_content", "reasoning"})
    void plaintextReasoningIsADowngradeWhenTheSessionRefusesIt(String field) {
        ChunkDecryptor strict = ChunkDecryptor.e2ee(answer.cipher, answer.session, false, true);
        assertThatThrownBy(() -> strict.decrypt(SealedAnswer.delta("\"" + field + "\":\"hmm\""), 4))
                .isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("chunk 4")
                .hasMessageContaining("delta." + field);
    }

    @Test
    void plaintextContentIsADowngradeEvenWhenItIsOnlyWhitespace() {
        for (String ws : new String[] {" ", "\\n", "\\t", "\\u00a0", "\\u3000"}) {
            assertThatThrownBy(() -> answer.decryptor().decrypt(SealedAnswer.delta("\"content\":\"" + ws + "\""), 1))
                    .as("content %s", ws).isInstanceOf(VeniceProtocolException.Downgrade.class)
                    .hasMessageContaining("delta.content");
        }
    }

    @Test
    void anEmptyContentAndAChunkWithoutContentAreAccepted() {
        ChatDelta empty = answer.decryptor().decrypt(SealedAnswer.delta("\"role\":\"assistant\",\"content\":\"\""), 0);
        assertThat(empty.content()).isEmpty();
        ChatDelta roleOnly = answer.decryptor().decrypt(SealedAnswer.delta("\"role\":\"assistant\""), 0);
        assertThat(roleOnly.content()).isNull();
        assertThat(roleOnly.text()).isEmpty();
        ChatDelta nothing = answer.decryptor().decrypt(SealedAnswer.delta(""), 1);
        assertThat(nothing.content()).isNull();
        ChatDelta nullContent = answer.decryptor().decrypt(SealedAnswer.delta("\"content\":null"), 2);
        assertThat(nullContent.content()).isNull();
    }

    @Test
    void allowedPlaintextContentPassesWithAWarning() {
        ChunkDecryptor lax = ChunkDecryptor.e2ee(answer.cipher, answer.session, true);
        String json = SealedAnswer.delta("\"content\":\"Hello\"");
        OpenedChunk c = lax.open(bytes(json), 0, json.length(), 5);
        assertThat(c.warnings()).containsExactly(new ConfidentialityWarning(5, "delta.content"));
    }

    @Test
    void anEnvelopeWhoseEphemeralKeyWasSeenInThisSessionIsRefused() {
        ChunkDecryptor session = answer.decryptor();
        String chunk = answer.sealedField("content", "Four.");
        assertThat(session.decrypt(chunk, 3).content()).isEqualTo("Four.");
        assertThatThrownBy(() -> session.decrypt(chunk, 9))
                .isInstanceOf(VeniceProtocolException.RepeatedEphemeralKey.class).hasMessageContaining("chunk 9")
                .hasMessageContaining("delta.content").hasMessageContaining("already seen");
        // in the reasoning field too
        assertThatThrownBy(() -> session.decrypt(chunk.replace("\"content\"", "\"reasoning\""), 10))
                .isInstanceOf(VeniceProtocolException.RepeatedEphemeralKey.class);
        // another session has not seen it
        assertThat(answer.decryptor().decrypt(chunk, 0).content()).isEqualTo("Four.");
    }

    @Test
    void privacyOfEachKindOfDecryptor() {
        assertThat(answer.decryptor().privacy()).isEqualTo(PrivacyMode.END_TO_END);
        assertThat(ChunkDecryptor.teeOnly().privacy()).isEqualTo(PrivacyMode.TEE_ONLY);
        assertThat(ChunkDecryptor.plaintext().privacy()).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThat(ChunkDecryptor.teeOnly().decrypt(SealedAnswer.delta("\"content\":\" \""), 0).content())
                .isEqualTo(" ");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
