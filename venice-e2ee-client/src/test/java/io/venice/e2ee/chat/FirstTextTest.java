package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirstTextTest {
    private final OrderedBatches batches = new OrderedBatches();
    private final FirstText first = new FirstText();

    private static Batch text(long index, String text) {
        return new Batch(List.of(Opened.text(index, text)), null);
    }

    private static Batch roleOnly(long index, Throwable error) {
        return new Batch(List.of(Opened.chunk(index, "chatcmpl-1", "", null, false)), error);
    }

    private void put(long seq, Batch b) {
        batches.put(seq, b);
        first.check(batches);
    }

    @Test
    void startsWithTheFirstBatchInOrderThatCarriesText() {
        put(1, text(1, "Hi"));
        assertThat(first.future()).as("batch 0 may still fail").isNotDone();
        put(0, roleOnly(0, null));
        assertThat(first.future()).isCompleted();
    }

    @Test
    void reasoningIsTextToo() {
        put(0, new Batch(List.of(Opened.chunk(0, null, null, "hm", true)), null));
        assertThat(first.future()).isCompleted();
    }

    @Test
    void aFailureBeforeAnyTextFailsIt() {
        VeniceProtocolException.DecryptFailed bad = new VeniceProtocolException.DecryptFailed(1, "delta.content",
                new IllegalStateException("tag mismatch"));
        put(1, text(2, "late"));
        put(0, roleOnly(0, bad));
        assertThatThrownBy(() -> first.future().join()).isInstanceOf(CompletionException.class).hasCause(bad);
    }

    @Test
    void aFailureAfterTextDoesNotMatterHere() {
        put(0, text(0, "Hi"));
        put(1, roleOnly(1, new VeniceProtocolException.Truncated(1)));
        assertThat(first.future()).isCompleted();
    }

    @Test
    void anAnswerEndingBeforeTextEndsItHowTheBodyEnded() {
        put(0, roleOnly(0, null));
        batches.end(1, null);
        first.check(batches);
        assertThat(first.future()).isCompleted();

        OrderedBatches cut = new OrderedBatches();
        FirstText f = new FirstText();
        VeniceProtocolException.Truncated truncated = new VeniceProtocolException.Truncated(0);
        cut.end(0, truncated);
        f.check(cut);
        assertThatThrownBy(() -> f.future().join()).hasCause(truncated);
    }

    @Test
    void aDeliveredDeltaOrTheEndOfTheStreamSettlesIt() {
        first.delivered();
        assertThat(first.future()).isCompleted();
        FirstText f = new FirstText();
        IllegalStateException closed = new IllegalStateException("closed");
        f.end(closed);
        f.end(null);
        assertThatThrownBy(() -> f.future().join()).hasCause(closed);
    }
}
