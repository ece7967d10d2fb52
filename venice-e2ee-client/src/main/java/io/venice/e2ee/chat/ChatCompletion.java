package io.venice.e2ee.chat;

import java.util.Optional;

/**
 * The whole answer once a stream has finished: the joined text and the last metadata seen.
 *
 * @param id           completion id ({@code chatcmpl-...}), or null if the server sent none
 * @param model        model id as the server named it
 * @param content      the joined answer text
 * @param reasoning    the joined reasoning text (empty when none)
 * @param finishReason why generation stopped
 * @param usage        token counts, or null
 * @param chunks       number of chunks received (excluding {@code [DONE]})
 * @param requestBody  the exact request body sent (public: its message contents are encrypted)
 * @param rawResponse  the exact response bytes, when the chat was asked to keep them, else null
 */
public record ChatCompletion(String id, String model, String content, String reasoning, String finishReason,
                             Usage usage, long chunks, byte[] requestBody, byte[] rawResponse) {
    /** The exact response bytes, if kept. */
    public Optional<byte[]> rawResponseBytes() {
        return Optional.ofNullable(rawResponse);
    }
}
