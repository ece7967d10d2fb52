package io.venice.e2ee.simulator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What the simulator's streamed answers went through, seen from the server: how many were opened, written to their
 * end, or cut off because the client closed the connection first, and how many are held back right now because
 * their reader stopped reading (the write queue is full). For tests of what a client does to the server: that it
 * cancels a stream it no longer wants, or that its back-pressure reaches the connection. Thread-safe.
 */
public final class StreamStats {
    private long opened;
    private long completed;
    private long aborted;
    private int waitingForReader;
    private long eventsWritten;

    StreamStats() {
    }

    /**
     * The counts at one moment.
     *
     * @param opened           streams whose head was sent
     * @param completed        streams written to their last byte
     * @param aborted          streams whose connection the client closed before their last byte
     * @param waitingForReader streams now waiting for their reader to take what was written
     * @param eventsWritten    events written, over every stream
     */
    public record Snapshot(long opened, long completed, long aborted, int waitingForReader, long eventsWritten) {
    }

    /** The counts now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(opened, completed, aborted, waitingForReader, eventsWritten);
    }

    /**
     * Waits until {@code condition} holds for the counts, and returns them.
     *
     * @throws TimeoutException naming the last counts if it does not hold within {@code timeout}
     */
    public synchronized Snapshot await(Predicate<Snapshot> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Snapshot s = snapshot();
        while (!condition.test(s)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("the simulator's streams did not reach the expected state within "
                        + timeout.toMillis() + " ms; they are at " + s);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            s = snapshot();
        }
        return s;
    }

    synchronized void opened() {
        opened++;
        notifyAll();
    }

    synchronized void completed() {
        completed++;
        notifyAll();
    }

    synchronized void aborted() {
        aborted++;
        notifyAll();
    }

    synchronized void written() {
        eventsWritten++;
    }

    synchronized void waiting(boolean waiting) {
        waitingForReader += waiting ? 1 : -1;
        notifyAll();
    }
}
