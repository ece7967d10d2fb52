package io.venice.e2ee.chat;

import java.util.List;

/**
 * The outcome of decrypting the chunks of one read, in their order.
 *
 * @param deltas the chunks that decrypted, up to the first failure
 * @param error  the first failure (it ends the stream after {@code deltas}), or null
 */
record Batch(List<ChatDelta> deltas, Throwable error) {
    /** Whether any delta of this batch carries answer or reasoning text. */
    boolean hasText() {
        for (ChatDelta d : deltas) {
            if ((d.content() != null && !d.content().isEmpty()) || (d.reasoning() != null && !d.reasoning().isEmpty())) {
                return true;
            }
        }
        return false;
    }
}
