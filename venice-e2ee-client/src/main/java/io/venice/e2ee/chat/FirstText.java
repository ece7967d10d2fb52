package io.venice.e2ee.chat;

import java.util.concurrent.CompletableFuture;

/**
 * Says when an answer has started, before anyone reads it: completes once the first batch in stream order that
 * carries text has decrypted (or a delta reached the reader, or the answer ended), and fails with a failure that
 * comes before any text. The client waits for it to retry a stale key before anything reached the caller.
 */
final class FirstText {
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private long seq;

    /** The future described above. */
    CompletableFuture<Void> future() {
        return started;
    }

    /** Looks at the batches decrypted so far, in order from where it stopped last time. */
    void check(OrderedBatches batches) {
        if (started.isDone()) {
            // lock-free once the answer has started
            return;
        }
        synchronized (this) {
            while (!started.isDone()) {
                Batch b = batches.peek(seq);
                if (b == null) {
                    if (batches.endsBefore(seq)) {
                        end(batches.endError());
                    }
                    return;
                }
                if (b.hasText()) {
                    started.complete(null);
                    return;
                }
                if (b.error() != null) {
                    started.completeExceptionally(b.error());
                    return;
                }
                seq++;
            }
        }
    }

    /** A delta reached the reader: the answer has started. */
    void delivered() {
        if (!started.isDone()) {
            started.complete(null);
        }
    }

    /** The stream is over, with {@code error} or (null) complete. */
    void end(Throwable error) {
        if (error == null) {
            started.complete(null);
        } else {
            started.completeExceptionally(error);
        }
    }
}
