package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedBatchesTest {
    private static Batch batch(long index) {
        return new Batch(List.of(Opened.text(index, "t" + index)), null);
    }

    @Test
    void batchesAreFoundByNumberWhateverOrderTheyArrive() {
        OrderedBatches b = new OrderedBatches();
        Batch one = batch(1);
        Batch zero = batch(0);
        b.put(1, one);
        assertThat(b.peek(0)).isNull();
        b.put(0, zero);
        assertThat(b.peek(0)).isSameAs(zero);
        assertThat(b.take(0)).isSameAs(zero);
        assertThat(b.take(0)).as("taken once").isNull();
        assertThat(b.peek(1)).isSameAs(one);
        b.clear();
        assertThat(b.peek(1)).isNull();
    }

    @Test
    void theEndSaysWhichNumbersWillNeverCome() {
        OrderedBatches b = new OrderedBatches();
        assertThat(b.endsBefore(0)).isFalse();
        VeniceProtocolException.Truncated cut = new VeniceProtocolException.Truncated(2);
        b.end(2, cut);
        assertThat(b.endsBefore(1)).isFalse();
        assertThat(b.endsBefore(2)).isTrue();
        assertThat(b.endError()).isSameAs(cut);
    }
}
