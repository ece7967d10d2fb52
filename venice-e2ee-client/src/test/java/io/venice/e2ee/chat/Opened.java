package io.venice.e2ee.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Opened chunks for the tests of the pipeline's later stages. */
final class Opened {
    private Opened() {
    }

    /** A chunk whose answer is {@code content} and reasoning {@code reasoning} (either may be null). */
    static OpenedChunk chunk(long index, String id, String content, String reasoning, boolean encrypted) {
        return new OpenedChunk(index, id, null, bytes(content), bytes(reasoning), null, null, encrypted, List.of());
    }

    /** An encrypted chunk carrying answer text. */
    static OpenedChunk text(long index, String content) {
        return chunk(index, null, content, null, true);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
