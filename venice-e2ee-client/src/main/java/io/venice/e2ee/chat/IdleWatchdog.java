package io.venice.e2ee.chat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Fails a stream that stays silent too long: checked periodically on a scheduler, it runs its action once when no
 * read has happened for longer than the idle timeout. A server that stops sending without closing the connection
 * would otherwise hold the reader forever.
 */
final class IdleWatchdog {
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private final Runnable onIdle;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile long lastActivity;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> check;

    /**
     * @param idle     the longest silence allowed
     * @param nanoTime the monotonic clock ({@code System::nanoTime})
     * @param onIdle   run once, on the scheduler's thread, when the silence is longer
     */
    IdleWatchdog(Duration idle, LongSupplier nanoTime, Runnable onIdle) {
        this.idleNanos = idle.toNanos();
        this.nanoTime = nanoTime;
        this.onIdle = onIdle;
        this.lastActivity = nanoTime.getAsLong();
    }

    /** Starts checking on {@code scheduler} four times per idle timeout (at most every 10 ms); none: never fires. */
    void start(ScheduledExecutorService scheduler) {
        if (scheduler == null) {
            return;
        }
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(idleNanos) / 4);
        check = scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        if (stopped) {
            check.cancel(false);
        }
    }

    /** Something was read. */
    void activity() {
        lastActivity = nanoTime.getAsLong();
    }

    /** Fires if the silence is longer than the idle timeout (and it has not fired or stopped). */
    void check() {
        if (stopped) {
            stop();
            return;
        }
        if (nanoTime.getAsLong() - lastActivity > idleNanos && fired.compareAndSet(false, true)) {
            stop();
            onIdle.run();
        }
    }

    /** Stops checking (the stream ended). Idempotent. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> f = check;
        if (f != null) {
            f.cancel(false);
        }
    }
}
