package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockingDeltaIteratorTest {
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final BlockingDeltaIterator it = new BlockingDeltaIterator();

    BlockingDeltaIteratorTest() {
        it.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }

    private static ChatDelta delta(long i) {
        return new ChatDelta(i, null, null, "t" + i, null, null, null, true);
    }

    @Test
    void asksAheadThenOneStepAtATimeAsItIsRead() {
        int step = BlockingDeltaIterator.STEP;
        assertThat(requested.get()).isEqualTo(2L * step);
        for (int i = 0; i < 2 * step; i++) {
            it.onNext(delta(i));
        }
        for (int i = 0; i < step - 1; i++) {
            it.next();
        }
        assertThat(requested.get()).as("nothing more until a whole step was read").isEqualTo(2L * step);
        it.next();
        assertThat(requested.get()).isEqualTo(3L * step);
    }

    @Test
    void deltasThenTheEnd() {
        it.onNext(delta(0));
        it.onNext(delta(1));
        it.onComplete();
        List<Long> seen = new ArrayList<>();
        it.forEachRemaining(d -> seen.add(d.chunkIndex()));
        assertThat(seen).containsExactly(0L, 1L);
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void theStreamsFailureIsThrownAsItIsAfterTheDeltasBeforeIt() {
        VeniceProtocolException.Truncated cut = new VeniceProtocolException.Truncated(1);
        it.onNext(delta(0));
        it.onError(cut);
        assertThat(it.next().chunkIndex()).isZero();
        assertThatThrownBy(it::hasNext).isSameAs(cut);
        assertThat(it.hasNext()).as("ended").isFalse();
    }

    @Test
    void anErrorIsThrownAsItIs() {
        OutOfMemoryError oom = new OutOfMemoryError("answer too large");
        it.onError(oom);
        assertThatThrownBy(it::hasNext).isSameAs(oom);
    }

    @Test
    void anInterruptedReaderCancelsTheStreamAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(it::hasNext).isInstanceOf(CancellationException.class).hasMessageContaining("interrupted");
            assertThat(cancelled).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
