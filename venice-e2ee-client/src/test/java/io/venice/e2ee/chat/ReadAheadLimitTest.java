package io.venice.e2ee.chat;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAheadLimitTest {
    private final AtomicLong requested = new AtomicLong();
    private final Flow.Subscription body = new Flow.Subscription() {
        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
        }
    };

    @Test
    void whileThereIsRoomTheNextReadIsAskedForAtOnce() {
        ReadAheadLimit limit = new ReadAheadLimit(3);
        limit.attach(body);
        limit.framed(2);
        limit.readNext();
        assertThat(requested.get()).isEqualTo(1);
    }

    @Test
    void atTheLimitTheNextReadWaitsUntilTheReaderMakesRoomAndIsAskedForOnce() {
        ReadAheadLimit limit = new ReadAheadLimit(3);
        limit.attach(body);
        limit.framed(4);
        limit.readNext();
        assertThat(requested.get()).as("four chunks wait, the limit is three").isZero();
        limit.delivered(1);
        assertThat(requested.get()).as("still three waiting").isZero();
        limit.delivered(1);
        assertThat(requested.get()).isEqualTo(1);
        limit.delivered(2);
        assertThat(requested.get()).as("one deferred read, asked for once").isEqualTo(1);
        limit.framed(2);
        limit.readNext();
        assertThat(requested.get()).as("all taken: two wait, below the limit again").isEqualTo(2);
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new ReadAheadLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
