package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.signature.SignatureReport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Venice client with Vert.x {@link Future}s, on a {@link VertxTransport}. Chunks are decrypted on a shared
 * Vert.x worker pool in unordered batches (the stream restores their order), so the event loop only moves bytes
 * and splits events. An answer comes as a {@link ChatStream} ({@link java.util.concurrent.Flow.Publisher}) or as a
 * {@link ChatReadStream} (a Vert.x {@link io.vertx.core.streams.ReadStream} with pause, fetch and an end handler).
 *
 * <pre>{@code
 * VertxVeniceClient venice = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey(key));
 * venice.complete("e2ee-qwen3-5-122b-a10b", ChatRequest.ofUser("What is 2+2?"))
 *       .onSuccess(answer -> System.out.println(answer.content()));
 * venice.chatReadStream("e2ee-glm-5", ChatRequest.ofUser("Hi"))
 *       .onSuccess(deltas -> deltas.handler(d -> System.out.print(d.text())).endHandler(v -> System.out.println()));
 * }</pre>
 */
public final class VertxVeniceClient implements AutoCloseable {
    private final Vertx vertx;
    private final VeniceClient client;
    private final VertxTransport transport;
    private final WorkerExecutor workers;

    private VertxVeniceClient(Vertx vertx, VeniceClient.Builder builder, Duration connectTimeout) {
        this.vertx = vertx;
        this.transport = VertxTransport.create(vertx, connectTimeout);
        this.workers = vertx.createSharedWorkerExecutor("venice-e2ee-decrypt");
        Executor unordered = task -> workers.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        this.client = builder.transport(transport).decryptExecutor(unordered).build();
    }

    /** A client on {@code vertx}, configured by {@code builder} (its transport and decrypt executor are replaced). */
    public static VertxVeniceClient create(Vertx vertx, VeniceClient.Builder builder) {
        return new VertxVeniceClient(vertx, builder, Duration.ofSeconds(10));
    }

    /** The underlying client (blocking and CompletionStage forms). */
    public VeniceClient client() {
        return client;
    }

    /** The models, with their TEE and E2EE capabilities. */
    public Future<List<ModelInfo>> listModels() {
        return wrap(client.listModelsAsync());
    }

    /** A fresh attestation of {@code model}, verified under the policy. */
    public Future<Attestation> attest(String model) {
        return wrap(client.attestAsync(model));
    }

    /** An end-to-end-encrypted session with {@code model}. */
    public Future<E2eeSession> openSession(String model) {
        return wrap(client.openSessionAsync(model));
    }

    /** A chat in a session; the stream is a {@link java.util.concurrent.Flow.Publisher} of deltas. */
    public Future<ChatStream> chat(E2eeSession session, ChatRequest request) {
        return wrap(session.chatAsync(request));
    }

    /** A one-shot chat (a session is opened and closed for an {@code e2ee-*} model). */
    public Future<ChatStream> chat(String model, ChatRequest request) {
        return wrap(client.chatAsync(model, request));
    }

    /**
     * A chat in a session, its deltas as a {@link ChatReadStream} whose callbacks run on the caller's context (the
     * current one, or a new event-loop context when called from outside Vert.x).
     */
    public Future<ChatReadStream> chatReadStream(E2eeSession session, ChatRequest request) {
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(session.chatAsync(request), context)
                .map(stream -> ChatReadStream.of(stream, context));
    }

    /** A one-shot chat (as {@link #chat(String, ChatRequest)}), its deltas as a {@link ChatReadStream}. */
    public Future<ChatReadStream> chatReadStream(String model, ChatRequest request) {
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(client.chatAsync(model, request), context)
                .map(stream -> ChatReadStream.of(stream, context));
    }

    /** The deltas of {@code stream} as a {@link ChatReadStream} on the caller's context; it becomes their reader. */
    public ChatReadStream readStream(ChatStream stream) {
        return ChatReadStream.of(stream, vertx.getOrCreateContext());
    }

    /** A one-shot chat read to its end. */
    public Future<ChatCompletion> complete(String model, ChatRequest request) {
        return wrap(client.chatAsync(model, request).thenCompose(ChatStream::collect));
    }

    /** Fetches and verifies the response signature of a completion from {@code session}. */
    public Future<SignatureReport> verifySignature(E2eeSession session, ChatCompletion completion) {
        return wrap(session.verifySignatureAsync(completion));
    }

    private <T> Future<T> wrap(java.util.concurrent.CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
    }

    /** Closes the client, its worker pool and transport (not the Vert.x instance). */
    @Override
    public void close() {
        client.close();
        transport.close();
        workers.close();
    }
}
