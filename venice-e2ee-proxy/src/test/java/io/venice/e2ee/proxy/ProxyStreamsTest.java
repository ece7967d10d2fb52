package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.simulator.Reply;
import io.venice.e2ee.simulator.StreamStats;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.venice.e2ee.proxy.ProxyHarness.chat;
import static io.venice.e2ee.proxy.ProxyHarness.events;
import static io.venice.e2ee.proxy.ProxyHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many streams at once, a client that disconnects, and a client that stops reading, seen from both ends: the
 * proxy's client and the simulator's side of the upstream streams.
 */
class ProxyStreamsTest {
    private static final String MODEL = "e2ee-glm-5";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String words(int n, String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) {
            sb.append(" w").append(String.format("%03d", i));
        }
        return sb.toString();
    }

    @Test
    void twoHundredConcurrentStreamsCompleteWithEveryChunkInOrder() throws Exception {
        int streams = 200;
        try (ProxyHarness h = new ProxyHarness(ProxyHarness.simulator().chunkSize(4)
                .chunkDelay(Duration.ofMillis(5)).build())) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                String prompt = words(20, "stream " + i + ":");
                prompts.add(prompt);
                HttpRequest r = h.request("/chat/completions").header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString(chat(MODEL, prompt, true).toString())).build();
                answers.add(ProxyHarness.HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < streams; i++) {
                HttpResponse<String> r = answers.get(i).get(120, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                List<String> ev = events(r.body());
                assertThat(ev.get(ev.size() - 1)).isEqualTo("[DONE]");
                String expected = "Echo: " + prompts.get(i) + " (22 words)";
                // the simulator cuts the answer into 4-character pieces: every chunk must be the next piece
                List<String> pieces = new ArrayList<>();
                String id = null;
                for (String e : ev.subList(0, ev.size() - 1)) {
                    JsonNode c = json(e);
                    id = id == null ? c.path("id").asText() : id;
                    assertThat(c.path("id").asText()).isEqualTo(id);
                    String text = c.path("choices").path(0).path("delta").path("content").asText("");
                    if (!text.isEmpty()) {
                        pieces.add(text);
                    }
                }
                List<String> expectedPieces = new ArrayList<>();
                for (int at = 0; at < expected.length(); at += 4) {
                    expectedPieces.add(expected.substring(at, Math.min(expected.length(), at + 4)));
                }
                assertThat(pieces).as("stream %d", i).containsExactlyElementsOf(expectedPieces);
            }
            assertThat(h.sim.streams().snapshot().completed()).isEqualTo(streams);
            assertThat(h.metric("venice_proxy_streams_open")).isZero();
            assertThat(h.metric("venice_proxy_attestations_total")).as("one attestation served them all").isEqualTo(1);
        }
    }

    @Test
    void aClientThatDisconnectsCancelsTheUpstreamStream() throws Exception {
        VeniceSimulator sim = ProxyHarness.simulator().chunkSize(1).chunkDelay(Duration.ofMillis(10))
                .replyGenerator((model, messages) -> Reply.of("x".repeat(2_000))).build();
        try (ProxyHarness h = new ProxyHarness(sim)) {
            for (boolean stream : new boolean[] {true, false}) {
                long aborted = sim.streams().snapshot().aborted();
                long opened = sim.streams().snapshot().opened();
                try (RawHttp c = RawHttp.post(h.proxy.port(), "/v1/chat/completions",
                        chat(MODEL, "hello", stream).toString(), 0)) {
                    if (stream) {
                        assertThat(c.readSome()).isNotEmpty();
                    }
                    sim.streams().await(s -> s.opened() == opened + 1, WAIT);
                }
                StreamStats.Snapshot after = sim.streams().await(s -> s.aborted() == aborted + 1, WAIT);
                assertThat(after.completed()).isZero();
            }
            assertThat(h.metric("venice_proxy_streams_cancelled_total")).isEqualTo(2);
            assertThat(h.metric("venice_proxy_streams_open")).isZero();
        }
    }

    @Test
    void aClientThatStopsReadingPausesTheUpstreamUntilItReads() throws Exception {
        int chunks = 20_000;
        int size = 16;
        StringBuilder answer = new StringBuilder();
        for (int i = 0; answer.length() < chunks * size; i++) {
            answer.append(String.format("%015d ", i));
        }
        String text = answer.substring(0, chunks * size);
        VeniceSimulator sim = ProxyHarness.simulator().chunkSize(size)
                .replyGenerator((model, messages) -> Reply.of(text)).build();
        try (ProxyHarness h = new ProxyHarness(sim);
             RawHttp slow = RawHttp.post(h.proxy.port(), "/v1/chat/completions", chat(MODEL, "go", true).toString(),
                     4096)) {
            StreamStats.Snapshot held = sim.streams().await(s -> s.waitingForReader() == 1, WAIT);
            // role chunk, the content chunks, the final chunk and [DONE]
            assertThat(held.eventsWritten()).as("the upstream was held back before its end")
                    .isLessThan(chunks + 3L);
            assertThat(h.metric("venice_proxy_backpressure_pauses_total")).isPositive();
            assertThat(h.metric("venice_proxy_chunks_decrypted_total")).as("the proxy stopped decrypting")
                    .isLessThan(chunks / 2.0);
            RawHttp.Response r = slow.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(ProxyHarness.streamedText(r.body())).isEqualTo(text);
            assertThat(sim.streams().await(s -> s.completed() == 1, WAIT).waitingForReader()).isZero();
        }
    }
}
