package io.venice.e2ee.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a serving command (proxy, simulator) waits: until interrupted or until the JVM shuts down (Ctrl+C), and, on
 * shutdown, lets the JVM exit only once the command has closed what it served (or after 10 seconds).
 */
final class UntilShutdown {
    /** Released when the command should stop (interrupt or shutdown). */
    private final CountDownLatch stop = new CountDownLatch(1);
    /** Released once the command has closed what it served. */
    private final CountDownLatch closed = new CountDownLatch(1);

    /** Blocks until the JVM shuts down or this thread is interrupted; {@code name} names the shutdown hook. */
    void await(String name) {
        Thread shutdown = new Thread(this::stopAndAwaitClose, name);
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook is running or has run
            }
        }
    }

    /** Says that what the command served is closed: a shutdown waiting for it goes on. */
    void closed() {
        closed.countDown();
    }

    private void stopAndAwaitClose() {
        stop.countDown();
        try {
            closed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
