package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.Reply;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deltas as a Vert.x ReadStream, over real loopback against the simulator streaming a long answer (far more
 * chunks than the client reads ahead), decrypted with the real providers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChatReadStreamTest {
    private static final int CHUNK_CHARS = 4;
    private static final int CHUNKS = 2_000;
    private static final String MODEL = "e2ee-glm-5";

    private final Vertx vertx = Vertx.vertx();
    private final String answer = longAnswer();
    private final VeniceSimulator sim = VeniceSimulator.builder().host("127.0.0.1").port(0).chunkSize(CHUNK_CHARS)
            .replyGenerator((model, messages) -> Reply.of(answer)).build();
    private final java.net.URI base = sim.start();
    private WatchedTransport transport;
    private VeniceClient client;
    private E2eeSession session;

    /** What the handler saw, and anything that broke the stream's promises. */
    private final List<ChatDelta> delivered = new CopyOnWriteArrayList<>();
    private final List<String> broken = new CopyOnWriteArrayList<>();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicInteger ends = new AtomicInteger();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private static String longAnswer() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < CHUNKS * CHUNK_CHARS; i++) {
            sb.append("w").append(i % 1000).append(' ');
        }
        return sb.substring(0, CHUNKS * CHUNK_CHARS);
    }

    @BeforeEach
    void open() {
        delivered.clear();
        broken.clear();
        granted.set(0);
        ends.set(0);
        errors.clear();
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        sim.trustAnchors().forEach(policy::extraTrustAnchor);
        transport = new WatchedTransport(VertxTransport.create(vertx, Duration.ofSeconds(5)));
        // decrypted where the bytes are read, so that once reading stops every delta it could deliver is on its way
        client = VeniceClient.builder().apiKey("k").baseUrl(base).policy(policy.build()).transport(transport)
                .decryptExecutor(Runnable::run).build();
        session = client.openSession(MODEL);
    }

    @AfterEach
    void close() {
        session.close();
        client.close();
        transport.close();
    }

    @AfterAll
    void stop() {
        sim.close();
        vertx.close().await();
    }

    /** Runs {@code action} on {@code context} and waits for it. */
    private static <T> T on(Context context, Supplier<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                f.complete(action.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    /** A read stream over a fresh chat, paused, with handlers that record and check every callback. */
    private ChatReadStream pausedStream(Context context, CompletableFuture<Void> end) throws Exception {
        ChatStream chat = session.chat(ChatRequest.ofUser("Stream a long answer."));
        return on(context, () -> {
            ChatReadStream rs = ChatReadStream.of(chat, context);
            rs.pause();
            rs.handler(d -> {
                if (Vertx.currentContext() != context) {
                    broken.add("delta " + d.chunkIndex() + " off the stream's context");
                }
                if (!delivered.isEmpty() && d.chunkIndex() <= delivered.get(delivered.size() - 1).chunkIndex()) {
                    broken.add("delta " + d.chunkIndex() + " out of order");
                }
                delivered.add(d);
                if (delivered.size() > granted.get()) {
                    broken.add("delta " + delivered.size() + " handed out with only " + granted.get() + " fetched");
                }
            });
            rs.endHandler(v -> {
                ends.incrementAndGet();
                end.complete(null);
            });
            rs.exceptionHandler(t -> {
                errors.add(t);
                end.completeExceptionally(t);
            });
            return rs;
        });
    }

    private void fetch(ChatReadStream rs, Context context, long n) throws Exception {
        on(context, () -> {
            granted.addAndGet(n);
            rs.fetch(n);
            return null;
        });
    }

    private String text() {
        StringBuilder sb = new StringBuilder();
        delivered.forEach(d -> sb.append(d.text()));
        return sb.toString();
    }

    @Test
    void pausedItDeliversNothingAndFetchHandsOutExactlyThatMany() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> end = new CompletableFuture<>();
        ChatReadStream rs = pausedStream(context, end);
        long read = transport.awaitStall(1);
        assertThat(read).as("the network read stopped short of the answer").isLessThan(CHUNKS);
        assertThat(on(context, delivered::size)).as("paused: nothing handed out").isZero();

        fetch(rs, context, 1);
        fetch(rs, context, 2);
        transport.awaitStall(2);
        assertThat(on(context, delivered::size)).isEqualTo(3);

        on(context, () -> {
            granted.set(Long.MAX_VALUE);
            return rs.resume();
        });
        end.get(30, TimeUnit.SECONDS);
        assertThat(text()).isEqualTo(answer);
        assertThat(broken).isEmpty();
        assertThat(on(context, ends::get)).isEqualTo(1);
        assertThat(errors).isEmpty();
        assertThat(rs.completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).content())
                .isEqualTo(answer);
    }

    /** Waits (bounded) until {@code n} deltas were handed to the handler, or more; returns how many were. */
    private int awaitDelivered(Context context, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int handed = on(context, delivered::size);
        while (handed < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            handed = on(context, delivered::size);
        }
        return handed;
    }

    @Test
    void aSlowHandlerHoldsTheNetworkReadBack() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> end = new CompletableFuture<>();
        ChatReadStream rs = pausedStream(context, end);
        List<Long> aheadAtEachStall = new ArrayList<>();
        for (int round = 1; round <= 4; round++) {
            long read = transport.awaitStall(round);
            // chunks are opened in parallel and handed on in order: the last fetched ones may still be on their way
            int handed = awaitDelivered(context, (round - 1) * 100);
            assertThat(handed).as("exactly what was fetched, never more").isEqualTo((round - 1) * 100);
            aheadAtEachStall.add(read - handed);
            fetch(rs, context, 100);
        }
        // read ahead of the handler, never more than the client's 256 chunks, the read stream's window, and the last
        // read's events: the slow handler holds the network read back
        assertThat(aheadAtEachStall).allSatisfy(ahead -> assertThat(ahead).isBetween(1L,
                256L + ChatReadStream.WINDOW + 64));
        assertThat(transport.bodyEnded).isNotDone();
        on(context, () -> {
            granted.set(Long.MAX_VALUE);
            return rs.resume();
        });
        end.get(30, TimeUnit.SECONDS);
        assertThat(text()).isEqualTo(answer);
        assertThat(broken).isEmpty();
    }

    @Test
    void closingStopsEveryCallbackAndTheConnection() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> end = new CompletableFuture<>();
        ChatReadStream rs = pausedStream(context, end);
        fetch(rs, context, 5);
        transport.awaitStall(1);
        on(context, () -> {
            rs.close();
            granted.set(Long.MAX_VALUE);
            return rs.resume();
        });
        transport.bodyEnded.get(30, TimeUnit.SECONDS);
        assertThat(on(context, delivered::size)).isEqualTo(5);
        assertThat(on(context, () -> ends.get() + errors.size())).as("no end, no exception after a close").isZero();
        assertThat(end).isNotDone();
    }
}
