package io.venice.e2ee.chat;

/**
 * One streamed chunk of an answer, decrypted. Fields the chunk did not carry are {@code null}.
 *
 * @param chunkIndex   0-based index of the chunk in the stream
 * @param id           completion id ({@code chatcmpl-...}), the key for fetching the response signature
 * @param model        model id as the server names it
 * @param content      answer text of this chunk
 * @param reasoning    reasoning text of this chunk ({@code reasoning_content} or {@code reasoning})
 * @param finishReason why generation stopped, on the last content chunk
 * @param usage        token counts, usually on the last chunk
 * @param encrypted    whether this chunk's text arrived encrypted (false for whitespace-only deltas and tee-* chats)
 */
public record ChatDelta(long chunkIndex, String id, String model, String content, String reasoning,
                        String finishReason, Usage usage, boolean encrypted) {
    /** The answer text of this chunk, or the empty string. */
    public String text() {
        return content == null ? "" : content;
    }

    /** Ids and lengths only: the decrypted text never reaches a log through this. */
    @Override
    public String toString() {
        return "ChatDelta[chunk " + chunkIndex + ", id=" + id + ", model=" + model + ", content "
                + (content == null ? "none" : content.length() + " chars") + ", reasoning "
                + (reasoning == null ? "none" : reasoning.length() + " chars") + ", finishReason=" + finishReason
                + ", usage=" + usage + (encrypted ? ", encrypted" : "") + "]";
    }
}
