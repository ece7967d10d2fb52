package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedDeliveryTest {
    private final OrderedBatches batches = new OrderedBatches();
    private final List<ChatDelta> delivering = new CopyOnWriteArrayList<>();
    private final StreamText text = new StreamText();
    private final AtomicLong delivered = new AtomicLong();
    private final List<Throwable> terminated = new CopyOnWriteArrayList<>();
    private final OrderedDelivery delivery = new OrderedDelivery(batches, new OrderedDelivery.Listener() {
        @Override
        public ChatDelta delivering(OpenedChunk chunk) {
            ChatDelta delta = text.decode(chunk);
            delivering.add(delta);
            return delta;
        }

        @Override
        public Throwable ending() {
            return text.unfinished();
        }

        @Override
        public void delivered(long count) {
            delivered.addAndGet(count);
        }

        @Override
        public void terminated(Throwable error) {
            terminated.add(error == null ? new NoError() : error);
        }
    });

    /** Stands for a complete answer in the list of terminations. */
    private static final class NoError extends RuntimeException {
    }

    private static Batch batch(long from, int n, Throwable error) {
        List<OpenedChunk> d = new ArrayList<>();
        for (long i = from; i < from + n; i++) {
            d.add(Opened.chunk(i, "chatcmpl-1", "t" + i, null, true));
        }
        return new Batch(d, error);
    }

    private void put(long seq, Batch b) {
        batches.put(seq, b);
        delivery.drain();
    }

    private void end(long count, Throwable error) {
        batches.end(count, error);
        delivery.drain();
    }

    private RecordingSubscriber subscribe() {
        RecordingSubscriber s = new RecordingSubscriber();
        delivery.subscribe(s);
        assertThat(s.subscriptions.get()).isEqualTo(1);
        return s;
    }

    @Test
    void deltasComeInStreamOrderWhateverOrderTheirBatchesFinish() {
        RecordingSubscriber s = subscribe();
        s.subscription.request(Long.MAX_VALUE);
        put(2, batch(5, 1, null));
        put(1, batch(2, 3, null));
        assertThat(s.items).as("batch 0 is not there yet").isEmpty();
        put(0, batch(0, 2, null));
        end(3, null);
        assertThat(s.items).extracting(ChatDelta::chunkIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(s.completions.get()).isEqualTo(1);
        assertThat(s.terminals()).isEqualTo(1);
        assertThat(delivering).isEqualTo(s.items);
        assertThat(delivered.get()).isEqualTo(6);
        assertThat(terminated).singleElement().isInstanceOf(NoError.class);
    }

    @Test
    void neverMoreThanRequested() {
        put(0, batch(0, 5, null));
        end(1, null);
        RecordingSubscriber s = subscribe();
        assertThat(s.items).isEmpty();
        s.subscription.request(2);
        assertThat(s.items).hasSize(2);
        s.subscription.request(1);
        assertThat(s.items).hasSize(3);
        assertThat(s.terminals()).isZero();
        s.subscription.request(2);
        assertThat(s.items).hasSize(5);
        assertThat(s.completions.get()).as("the end needs no demand").isEqualTo(1);
    }

    @Test
    void aBatchErrorArrivesAfterEveryDeltaBeforeItAndNothingAfter() {
        VeniceProtocolException.DecryptFailed bad = new VeniceProtocolException.DecryptFailed(2, "delta.content",
                new IllegalStateException("tag mismatch"));
        RecordingSubscriber s = subscribe();
        put(1, batch(3, 1, null));
        put(0, batch(0, 2, bad));
        s.subscription.request(1);
        assertThat(s.texts()).containsExactly("t0");
        assertThat(s.errors).as("the error waits behind t1").isEmpty();
        s.subscription.request(5);
        assertThat(s.texts()).containsExactly("t0", "t1");
        assertThat(s.errors).containsExactly(bad);
        assertThat(s.terminals()).isEqualTo(1);
        assertThat(terminated).containsExactly(bad);
    }

    @Test
    void howTheBodyEndedArrivesAfterItsLastBatch() {
        VeniceProtocolException.Truncated cut = new VeniceProtocolException.Truncated(2);
        RecordingSubscriber s = subscribe();
        s.subscription.request(10);
        end(1, cut);
        assertThat(s.errors).isEmpty();
        put(0, batch(0, 2, null));
        assertThat(s.texts()).containsExactly("t0", "t1");
        assertThat(s.errors).containsExactly(cut);
    }

    @Test
    void aCancelBySubscriberEndsSilently() {
        RecordingSubscriber s = subscribe();
        s.subscription.request(1);
        put(0, batch(0, 3, null));
        s.subscription.cancel();
        s.subscription.request(5);
        assertThat(s.texts()).containsExactly("t0");
        assertThat(s.terminals()).isZero();
        assertThat(terminated).singleElement().isInstanceOf(CancellationException.class);
    }

    @Test
    void aStopThatTellsWakesTheSubscriber() {
        RecordingSubscriber s = subscribe();
        delivery.stop(null, true);
        delivery.stop(new IllegalStateException("second stop"), true);
        assertThat(s.errors).singleElement().isInstanceOf(CancellationException.class);
        assertThat(terminated).singleElement().isInstanceOf(CancellationException.class);
    }

    @Test
    void requestingNothingIsAnError() {
        RecordingSubscriber s = subscribe();
        s.subscription.request(0);
        assertThat(s.errors).singleElement().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecondSubscriberAndOneAfterTheEndAreRefused() {
        RecordingSubscriber first = subscribe();
        RecordingSubscriber second = new RecordingSubscriber();
        delivery.subscribe(second);
        assertThat(second.errors).singleElement().isInstanceOf(IllegalStateException.class);
        first.subscription.cancel();
        RecordingSubscriber late = new RecordingSubscriber();
        delivery.subscribe(late);
        assertThat(late.subscriptions.get()).isEqualTo(1);
        assertThat(late.errors).singleElement().isInstanceOf(IllegalStateException.class)
                .extracting(Throwable::getMessage).asString().contains("read once");
        assertThat(first.terminals()).isZero();
    }

    @Test
    void aSubscriberThatThrowsIsToldAndTheStreamEnds() {
        IllegalStateException boom = new IllegalStateException("subscriber bug");
        RecordingSubscriber s = new RecordingSubscriber() {
            @Override
            public void onNext(ChatDelta item) {
                super.onNext(item);
                throw boom;
            }
        };
        delivery.subscribe(s);
        s.subscription.request(5);
        put(0, batch(0, 3, null));
        assertThat(s.items).hasSize(1);
        assertThat(s.errors).containsExactly(boom);
        assertThat(terminated).containsExactly(boom);
        put(1, batch(3, 1, null));
        assertThat(s.items).hasSize(1);
    }

    @Test
    void requestsMadeDuringOnSubscribeAreServedAfterIt() {
        put(0, batch(0, 2, null));
        end(1, null);
        List<String> order = new CopyOnWriteArrayList<>();
        RecordingSubscriber s = new RecordingSubscriber() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription sub) {
                super.onSubscribe(sub);
                sub.request(2);
                order.add("subscribed");
            }

            @Override
            public void onNext(ChatDelta item) {
                super.onNext(item);
                order.add(item.text());
            }
        };
        delivery.subscribe(s);
        assertThat(order).containsExactly("subscribed", "t0", "t1");
        assertThat(s.completions.get()).isEqualTo(1);
    }
}
