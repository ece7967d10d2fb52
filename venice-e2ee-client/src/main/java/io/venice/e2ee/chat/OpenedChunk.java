package io.venice.e2ee.chat;

import java.util.List;

/**
 * One chunk parsed and its envelopes opened, its text still UTF-8 bytes: chunks are opened in parallel, and their
 * text is decoded afterwards in stream order ({@link StreamText}), so that a character split across two envelopes
 * comes out whole.
 *
 * @param index        0-based index of the chunk in its stream
 * @param id           completion id, or null
 * @param model        model id as the server names it, or null
 * @param content      the answer bytes of this chunk, or null when it carries no answer text
 * @param reasoning    the reasoning bytes of this chunk, or null when it carries none
 * @param finishReason why generation stopped, or null
 * @param usage        token counts, or null
 * @param encrypted    whether a text field of this chunk arrived encrypted
 * @param warnings     plaintext text fields let through in an encrypted session (usually none)
 */
record OpenedChunk(long index, String id, String model, byte[] content, byte[] reasoning, String finishReason,
                   Usage usage, boolean encrypted, List<ConfidentialityWarning> warnings) {
    /** Whether the chunk carries answer or reasoning bytes. */
    boolean hasText() {
        return content != null && content.length > 0 || reasoning != null && reasoning.length > 0;
    }

    /** Ids and lengths only: the decrypted bytes never reach a log through this. */
    @Override
    public String toString() {
        return "OpenedChunk[chunk " + index + ", id=" + id + ", model=" + model + ", content "
                + (content == null ? "none" : content.length + " bytes") + ", reasoning "
                + (reasoning == null ? "none" : reasoning.length + " bytes") + ", finishReason=" + finishReason
                + ", usage=" + usage + (encrypted ? ", encrypted" : "") + ", warnings=" + warnings + "]";
    }
}
