package io.venice.e2ee.chat;

import java.util.List;

/**
 * The outcome of opening the chunks of one read, in their order.
 *
 * @param chunks the chunks that opened, up to the first failure
 * @param error  the first failure (it ends the stream after {@code chunks}), or null
 */
record Batch(List<OpenedChunk> chunks, Throwable error) {
    /** Whether any chunk of this batch carries answer or reasoning text. */
    boolean hasText() {
        for (OpenedChunk c : chunks) {
            if (c.hasText()) {
                return true;
            }
        }
        return false;
    }
}
