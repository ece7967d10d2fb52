package io.venice.e2ee.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.venice.e2ee.simulator.ChatEndpointTest.assertError;
import static io.venice.e2ee.simulator.SimHttp.chatBody;
import static io.venice.e2ee.simulator.SimHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults chosen by the model a request names, the faults a load test needs, and the record of what was sent. */
class FaultsPerModelTest {
    static final String TEE = "tee-qwen3-5-122b-a10b";
    static final String OTHER = "tee-other";
    static VeniceSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().models(TEE, OTHER, "e2ee-qwen3-5-122b-a10b").chunkSize(4)
                .recordSentChunks(100).build();
        http = new SimHttp(sim.start());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.faults().clear();
        sim.sentChunks().clear();
    }

    /** The content deltas of a plain stream, and its completion id as the first element. */
    private static List<String> idAndContent(byte[] body) {
        List<String> out = new ArrayList<>();
        for (String data : sseData(body)) {
            if (data.equals("[DONE]")) {
                continue;
            }
            var c = SimHttp.parse(data);
            if (out.isEmpty()) {
                out.add(c.path("id").asText());
            }
            String text = c.at("/choices/0/delta/content").asText("");
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
        return out;
    }

    private static List<String> sentTexts(String id) {
        return sim.sentChunks().of(id).orElseThrow().stream().map(SentChunks.Chunk::text).toList();
    }

    @Test
    void httpErrorFaultsForOneModelAnswerItsChatsOnly() {
        sim.faults().enableFor(TEE, Fault.BAD_GATEWAY);
        assertError(http.post("/chat/completions", chatBody(TEE, true, "user", "x")), 502, "Bad gateway");
        assertThat(http.post("/chat/completions", chatBody(OTHER, true, "user", "x")).statusCode()).isEqualTo(200);
        assertThat(http.attest(TEE, SimHttp.nonce()).get("verified").asBoolean()).isTrue();
        sim.faults().enableFor(OTHER, Fault.RATE_LIMIT);
        assertError(http.post("/chat/completions", chatBody(OTHER, false, "user", "x")), 429, "Rate limit exceeded");
        assertThat(sim.faults().enabledFor(TEE)).containsExactly(Fault.BAD_GATEWAY);
        assertThat(sim.faults().enabled()).isEmpty();
    }

    @Test
    void attestationFaultsForOneModelApplyToItsAttestations() {
        sim.faults().enableFor(TEE, Fault.UNVERIFIED);
        assertThat(http.attest(TEE, SimHttp.nonce()).get("verified").asBoolean()).isFalse();
        assertThat(http.attest(OTHER, SimHttp.nonce()).get("verified").asBoolean()).isTrue();
    }

    @Test
    void badGatewayByHeaderOnAnyEndpoint() {
        assertError(http.get("/models", FaultInjectionTest.fault(Fault.BAD_GATEWAY)), 502, "Bad gateway");
    }

    @Test
    void reorderedChunksAreSentSwappedAndRecordedAsSent() {
        String prompt = "one two three four five six";
        List<String> normal = idAndContent(http.post("/chat/completions", chatBody(TEE, true, "user", prompt)).body());
        assertThat(sentTexts(normal.get(0))).containsExactlyElementsOf(normal.subList(1, normal.size()));

        sim.faults().enableFor(TEE, Fault.REORDER_CHUNKS);
        List<String> swapped = idAndContent(http.post("/chat/completions", chatBody(TEE, true, "user", prompt)).body());
        List<String> got = swapped.subList(1, swapped.size());
        assertThat(got).isNotEqualTo(normal.subList(1, normal.size()))
                .containsExactlyInAnyOrderElementsOf(normal.subList(1, normal.size()));
        int differ = 0;
        for (int i = 0; i < got.size(); i++) {
            differ += got.get(i).equals(normal.get(i + 1)) ? 0 : 1;
        }
        assertThat(differ).as("one adjacent pair swapped").isEqualTo(2);
        assertThat(sentTexts(swapped.get(0))).containsExactlyElementsOf(got);
    }

    @Test
    void disconnectClosesTheConnectionHalfWayAndRecordsWhatWasSent() throws Exception {
        sim.faults().enableFor(TEE, Fault.DISCONNECT);
        StreamStats.Snapshot before = sim.streams().snapshot();
        assertThatThrownBy(() -> http.post("/chat/completions", chatBody(TEE, true, "user", "one two three four five")))
                .isInstanceOf(UncheckedIOException.class);
        StreamStats.Snapshot s = sim.streams().await(x -> x.opened() > before.opened(), Duration.ofSeconds(10));
        assertThat(s.completed()).as("broken off, not completed").isEqualTo(before.completed());
        assertThat(sim.sentChunks().size()).isEqualTo(1);
    }
}
