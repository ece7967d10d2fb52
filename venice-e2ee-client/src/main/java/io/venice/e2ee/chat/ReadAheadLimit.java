package io.venice.e2ee.chat;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Back-pressure towards the network: the body is read one read at a time, and the next read is asked for only while
 * fewer than {@code max} chunks are waiting for the reader; once the reader has taken enough, reading resumes.
 * Lock-free: reads and deliveries run on different threads.
 */
final class ReadAheadLimit {
    private final int max;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicBoolean deferred = new AtomicBoolean();
    private volatile Flow.Subscription body;

    ReadAheadLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the read-ahead limit must be positive");
        }
        this.max = max;
    }

    /** The body's subscription, where the next reads are asked for. */
    void attach(Flow.Subscription subscription) {
        this.body = subscription;
    }

    /** {@code chunks} more were framed and wait for the reader. */
    void framed(int chunks) {
        waiting.addAndGet(chunks);
    }

    /** A read was processed: asks for the next one now if there is room, else once the reader makes room. */
    void readNext() {
        if (waiting.get() < max) {
            body.request(1);
        } else {
            deferred.set(true);
            // the reader may have made room between the check and the flag
            resumeIfRoom();
        }
    }

    /** The reader took {@code chunks}; asks for a deferred read if there is room now. */
    void delivered(long chunks) {
        if (chunks > 0) {
            waiting.addAndGet(-chunks);
        }
        resumeIfRoom();
    }

    private void resumeIfRoom() {
        Flow.Subscription s = body;
        if (s != null && waiting.get() < max && deferred.compareAndSet(true, false)) {
            s.request(1);
        }
    }
}
