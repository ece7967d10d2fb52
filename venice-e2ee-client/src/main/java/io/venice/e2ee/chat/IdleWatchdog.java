package io.venice.e2ee.chat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Fails a stream that stays silent too long, or that takes too long as a whole: checked periodically on a scheduler,
 * it runs one of its actions once, when no read has happened for longer than the idle timeout, or when the stream
 * has run longer than its total timeout. A server that stops sending without closing the connection, or that drips
 * bytes without end, would otherwise hold the reader forever.
 */
final class IdleWatchdog {
    private final long idleNanos;
    private final long totalNanos;
    private final long started;
    private final LongSupplier nanoTime;
    private final Runnable onIdle;
    private final Runnable onOvertime;
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
        this(idle, null, nanoTime, onIdle, () -> { });
    }

    /**
     * @param idle       the longest silence allowed
     * @param total      the longest the whole stream may take from now, or null for no limit
     * @param nanoTime   the monotonic clock ({@code System::nanoTime})
     * @param onIdle     run once, on the scheduler's thread, when the silence is longer
     * @param onOvertime run once instead, on the scheduler's thread, when the stream takes longer than {@code total}
     */
    IdleWatchdog(Duration idle, Duration total, LongSupplier nanoTime, Runnable onIdle, Runnable onOvertime) {
        this.idleNanos = idle.toNanos();
        this.totalNanos = total == null ? Long.MAX_VALUE : total.toNanos();
        this.nanoTime = nanoTime;
        this.onIdle = onIdle;
        this.onOvertime = onOvertime;
        this.started = nanoTime.getAsLong();
        this.lastActivity = started;
    }

    /**
     * Starts checking on {@code scheduler} four times per idle or total timeout, whichever is shorter (at most every
     * 10 ms); none: never fires.
     */
    void start(ScheduledExecutorService scheduler) {
        if (scheduler == null) {
            return;
        }
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(Math.min(idleNanos, totalNanos)) / 4);
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
        long now = nanoTime.getAsLong();
        if (now - started > totalNanos && fired.compareAndSet(false, true)) {
            stop();
            onOvertime.run();
        } else if (now - lastActivity > idleNanos && fired.compareAndSet(false, true)) {
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
