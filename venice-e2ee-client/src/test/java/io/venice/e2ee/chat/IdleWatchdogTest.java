package io.venice.e2ee.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class IdleWatchdogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger fired = new AtomicInteger();

    private IdleWatchdog watchdog() {
        return new IdleWatchdog(Duration.ofNanos(100), now::get, fired::incrementAndGet);
    }

    @Test
    void firesOnceWhenTheSilenceIsLongerThanTheTimeout() {
        IdleWatchdog w = watchdog();
        now.addAndGet(100);
        w.check();
        assertThat(fired.get()).as("exactly the timeout is not longer").isZero();
        now.addAndGet(1);
        w.check();
        now.addAndGet(1_000);
        w.check();
        assertThat(fired.get()).isEqualTo(1);
    }

    @Test
    void aReadStartsTheSilenceOver() {
        IdleWatchdog w = watchdog();
        now.addAndGet(90);
        w.activity();
        now.addAndGet(90);
        w.check();
        assertThat(fired.get()).isZero();
        now.addAndGet(20);
        w.check();
        assertThat(fired.get()).isEqualTo(1);
    }

    @Test
    void aStoppedWatchdogNeverFires() {
        IdleWatchdog w = watchdog();
        w.stop();
        now.addAndGet(1_000);
        w.check();
        assertThat(fired.get()).isZero();
    }

    @Test
    void onASchedulerItChecksByItself() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            CompletableFuture<Void> idle = new CompletableFuture<>();
            IdleWatchdog w = new IdleWatchdog(Duration.ofNanos(100), now::get, () -> idle.complete(null));
            w.start(scheduler);
            now.addAndGet(1_000);
            assertThat(idle.get(10, TimeUnit.SECONDS)).isNull();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
