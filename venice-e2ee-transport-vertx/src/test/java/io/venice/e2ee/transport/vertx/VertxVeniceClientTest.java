package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.testing.TrackingProvider;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The Vert.x Future API over real loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxVeniceClientTest {
    private final SimulatorServer server = new SimulatorServer();
    private final Vertx vertx = Vertx.vertx();

    @AfterAll
    void stop() {
        server.close();
        vertx.close().await();
    }

    @Test
    void futuresCarryModelsAndAWholeEncryptedAnswerDecryptedOffTheEventLoop() throws Exception {
        VerificationPolicy.Builder p = VerificationPolicy.builder();
        server.trustAnchors().forEach(p::extraTrustAnchor);
        TrackingProvider keys = new TrackingProvider(CryptoProviders.best(CryptoProviders.installed(),
                Primitive.KEY_AGREEMENT).orElseThrow());
        CryptoSuite suite = keys.suite();
        try (VertxVeniceClient venice = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey("k")
                .baseUrl(server.baseUrl()).policy(p.build()).crypto(suite))) {
            assertThat(venice.listModels().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .anyMatch(m -> m.supportsE2ee());
            ChatCompletion done = venice.complete("e2ee-glm-5", ChatRequest.ofUser("one two"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(done.content()).isEqualTo("Echo: one two (2 words)");
            // the session key's agreements are the chunk decryptions: all on the worker pool, none on an event loop
            assertThat(keys.agreementThreads()).isNotEmpty()
                    .allMatch(t -> t.startsWith("venice-e2ee-decrypt"), "runs on the decrypt worker pool");
        }
    }

    private VertxVeniceClient venice() {
        VerificationPolicy.Builder p = VerificationPolicy.builder();
        server.trustAnchors().forEach(p::extraTrustAnchor);
        return VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey("k").baseUrl(server.baseUrl())
                .policy(p.build()));
    }

    @Test
    void aReadStreamHandsTheAnswerToItsHandlersOnTheCallersContextAndEndsOnce() throws Exception {
        server.faults();
        Context context = vertx.getOrCreateContext();
        CompletableFuture<String> text = new CompletableFuture<>();
        List<Context> seen = new CopyOnWriteArrayList<>();
        AtomicInteger ends = new AtomicInteger();
        try (VertxVeniceClient venice = venice()) {
            context.runOnContext(v -> venice.chatReadStream("e2ee-glm-5", ChatRequest.ofUser("one two"))
                    .onFailure(text::completeExceptionally)
                    .onSuccess(rs -> {
                        StringBuilder sb = new StringBuilder();
                        rs.handler(d -> {
                            seen.add(Vertx.currentContext());
                            sb.append(d.text());
                        }).exceptionHandler(text::completeExceptionally).endHandler(end -> {
                            seen.add(Vertx.currentContext());
                            ends.incrementAndGet();
                            text.complete(sb.toString());
                        });
                    }));
            assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo("Echo: one two (2 words)");
            assertThat(seen).hasSizeGreaterThan(1).allMatch(c -> c == context);
            assertThat(onContext(context, ends::get)).isEqualTo(1);
        }
    }

    @Test
    void aFailedAnswerReachesTheExceptionHandlerOnceAfterItsTextEvenWhenSetLate() throws Exception {
        server.faults("truncate-stream");
        Context context = vertx.getOrCreateContext();
        StringBuilder text = new StringBuilder();
        AtomicInteger ends = new AtomicInteger();
        List<Throwable> told = new CopyOnWriteArrayList<>();
        try (VertxVeniceClient venice = venice()) {
            ChatReadStream rs = venice.chatReadStream("e2ee-glm-5", ChatRequest.ofUser("one two three"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            onContext(context, () -> rs.handler(d -> text.append(d.text())).endHandler(v -> ends.incrementAndGet()));
            Throwable failure = catchThrowable(() -> rs.completion().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)).getCause();
            assertThat(failure).isInstanceOf(VeniceProtocolException.Truncated.class);
            CompletableFuture<Throwable> first = new CompletableFuture<>();
            onContext(context, () -> rs.exceptionHandler(t -> {
                told.add(t);
                first.complete(t);
            }));
            assertThat(first.get(30, TimeUnit.SECONDS)).isSameAs(failure);
            onContext(context, () -> rs.exceptionHandler(told::add));
            assertThat(onContext(context, told::size)).as("told once").isEqualTo(1);
            assertThat(onContext(context, ends::get)).isZero();
            String before = onContext(context, text::toString);
            assertThat(before).isNotEmpty().isNotEqualTo("Echo: one two three (3 words)");
            assertThat("Echo: one two three (3 words)").startsWith(before);
        } finally {
            server.faults();
        }
    }

    /** Runs {@code action} on {@code context} and waits for its result. */
    private static <T> T onContext(Context context, java.util.function.Supplier<T> action) throws Exception {
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
}
