package io.venice.e2ee.chat;

import io.venice.e2ee.spi.Transport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every type that holds decrypted or to-be-encrypted text prints ids and lengths, never the text. */
class RedactedToStringTest {
    private static final String ANSWER = "the launch code is 0000";
    private static final String THOUGHT = "they must never know";

    @Test
    void aDeltaShowsItsIdsAndLengths() {
        ChatDelta d = new ChatDelta(3, "chatcmpl-1", "e2ee-glm-5", ANSWER, THOUGHT, "stop", new Usage(1, 2, 3), true);
        assertThat(d.toString()).doesNotContain("launch").doesNotContain("never")
                .isEqualTo("ChatDelta[chunk 3, id=chatcmpl-1, model=e2ee-glm-5, content 23 chars, reasoning 20 chars,"
                        + " finishReason=stop, usage=Usage[promptTokens=1, completionTokens=2, totalTokens=3],"
                        + " encrypted]");
        assertThat(new ChatDelta(0, null, null, null, null, null, null, false).toString())
                .isEqualTo("ChatDelta[chunk 0, id=null, model=null, content none, reasoning none, finishReason=null,"
                        + " usage=null]");
    }

    @Test
    void aCompletionShowsItsIdsLengthsAndHashes() {
        ChatCompletion c = new ChatCompletion("chatcmpl-1", "e2ee-glm-5", ANSWER, THOUGHT, "stop", null, 7, "aa", "bb",
                PrivacyMode.END_TO_END, List.of());
        assertThat(c.toString()).doesNotContain("launch").doesNotContain("never")
                .contains("content 23 chars").contains("reasoning 20 chars").contains("7 chunks")
                .contains("requestSha256=aa").contains("responseSha256=bb");
    }

    @Test
    void aBatchPrintsItsDeltasRedacted() {
        Batch b = new Batch(List.of(new OpenedChunk(0, "id", "m", ANSWER.getBytes(StandardCharsets.UTF_8),
                THOUGHT.getBytes(StandardCharsets.UTF_8), null, null, true, List.of())), null);
        assertThat(b.toString()).doesNotContain("launch").doesNotContain("never")
                .contains("content " + ANSWER.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    @Test
    void aRequestShowsNoMessage() {
        ChatRequest built = ChatRequest.builder().system(THOUGHT).user(ANSWER).assistant(ANSWER).model("m").build();
        ChatRequest parsed = ChatRequest.fromJson("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + ANSWER + "\"}]}");
        for (ChatRequest r : List.of(built, parsed)) {
            assertThat(r.toString()).doesNotContain("launch").doesNotContain("never");
        }
        assertThat(built.toString()).isEqualTo("ChatRequest[model=m, messages=3]");
    }

    @Test
    void aTransportRequestShowsHeaderNamesAndTheBodyLengthOnly() {
        Transport.Request r = Transport.Request.post(URI.create("http://localhost/api/v1/chat/completions"),
                Map.of("Authorization", "Bearer sk-secret-key"), ANSWER.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(1));
        assertThat(r.toString()).doesNotContain("sk-secret-key").doesNotContain("launch").contains("Authorization")
                .contains("23 body bytes");
    }
}
