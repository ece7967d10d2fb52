package io.venice.e2ee.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.json.VeniceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load test in small: 50 concurrent streams, half of them into faults, through the client library and through
 * the proxy. Nothing lost, every stream accounted for, every failure typed, nothing left open.
 */
class LoadWithFaultsTest {
    private static final int STREAMS = 50;
    /** A seed whose plan for 50 streams sends at least one stream into each fault. */
    private static final long SEED = 8;

    @ParameterizedTest
    @EnumSource(Via.class)
    void fiftyStreamsWithFaultsLoseNothing(Via via) throws Exception {
        LoadReport r = LoadTest.builder().streams(STREAMS).via(via).faults(true).seed(SEED)
                .timeout(Duration.ofMinutes(3)).build().run();

        assertThat(r.completed() + r.failed()).as(r.toText()).isEqualTo(STREAMS);
        assertThat(r.lostChunks()).as(r.toText()).isZero();
        assertThat(r.untypedFailures()).as(r.toText()).isZero();
        // the plan sends some streams into faults that cannot end whole, and leaves half well-behaved
        List<StreamFault> plan = StreamFault.plan(STREAMS, true, SEED);
        assertThat(plan).contains(StreamFault.values());
        long planned = plan.stream().filter(f -> f == StreamFault.NONE).count();
        assertThat(r.completed()).as(r.toText()).isGreaterThanOrEqualTo((int) planned);
        assertThat(r.failed()).as(r.toText()).isPositive();
        assertThat(r.chunksDelivered()).isPositive();
        assertThat(r.connectionsAfter()).as(r.toText()).isZero();
        assertThat(r.threadsAfter()).as(r.toText()).isLessThanOrEqualTo(r.threadsBefore());
        JsonNode json = VeniceJson.read(r.toJson());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("streams", "completed", "failed", "errors_by_type", "chunks_delivered",
                "lost_chunks", "p50_ms", "p99_ms", "added_ms_per_chunk_p99", "peak_heap_mb", "threads_after");
        assertThat(json.get("streams").asInt()).isEqualTo(STREAMS);
        assertThat(json.get("lost_chunks").asLong()).isZero();
        int byType = 0;
        for (JsonNode n : json.get("errors_by_type")) {
            byType += n.asInt();
        }
        assertThat(byType).isEqualTo(json.get("failed").asInt());
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void withoutFaultsEveryStreamCompletes(Via via) {
        LoadReport r = LoadTest.builder().streams(20).via(via).timeout(Duration.ofMinutes(2)).build().run();
        assertThat(r.completed()).as(r.toText()).isEqualTo(20);
        assertThat(r.errorsByType()).isEqualTo(Map.of());
        assertThat(r.lostChunks()).isZero();
    }

    @Test
    void theSameSeedGivesTheSamePlan() {
        List<StreamFault> a = StreamFault.plan(200, true, 42);
        assertThat(StreamFault.plan(200, true, 42)).isEqualTo(a);
        assertThat(StreamFault.plan(200, true, 43)).isNotEqualTo(a);
        assertThat(a).contains(StreamFault.values());
        assertThat(StreamFault.plan(200, false, 42)).containsOnly(StreamFault.NONE);
    }
}
