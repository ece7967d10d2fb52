package io.venice.e2ee.chat;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.TransportException;

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer, decrypted as it arrives. Read it either way, once:
 * <ul>
 *   <li>blocking: {@code for (ChatDelta d : stream)} or {@link #stream()}, inside try-with-resources;</li>
 *   <li>async: {@link #subscribe} (a {@link Flow.Publisher} with back-pressure) and {@link #completion()}.</li>
 * </ul>
 * The body is framed on the I/O thread (cheap); the chunks of each read are decrypted as one batch on the decrypt
 * executor, batches in parallel, and delivered in stream order, where their text is decoded: the answer and the
 * reasoning each as one stream of UTF-8 bytes, so a character split across two envelopes comes out whole. Errors
 * arrive after every delta that preceded them.
 * Closing or cancelling closes the connection.
 *
 * <p>A 2xx answer whose Content-Type is not {@code text/event-stream} and whose body is one JSON object is read as a
 * whole completion (one chunk, ended by its end); in an end-to-end-encrypted session plaintext in it is a
 * {@link io.venice.e2ee.protocol.VeniceProtocolException.Downgrade}.
 */
public final class ChatStream implements Flow.Publisher<ChatDelta>, Iterable<ChatDelta>, AutoCloseable {
    /** The most response bytes a stream keeps when asked to record them (64 MiB). */
    public static final int MAX_RECORDED_BYTES = 64 * 1024 * 1024;

    private final String requestSha256;
    private final ResponseDigest digest;
    private volatile String responseSha256;
    private volatile byte[] responseBytes;
    private final CompletableFuture<ChatCompletion> completion = new CompletableFuture<>();
    private final OrderedBatches batches = new OrderedBatches();
    private final FirstText firstText = new FirstText();
    private final CompletionBuilder answer;
    private final StreamText text = new StreamText();
    private final ReadAheadLimit readAhead;
    private final IdleWatchdog watchdog;
    private final BatchDecryptor decrypt;
    private final BodyReader body;
    private final OrderedDelivery delivery;
    private final Function<ChatCompletion, ? extends CompletionStage<ChatCompletion>> completionCheck;

    private ChatStream(URI uri, ChunkFramer framer, ChunkDecryptor decryptor, StreamOptions options,
                       byte[] requestBody, Function<ChatCompletion, ? extends CompletionStage<ChatCompletion>> check) {
        this.completionCheck = check;
        this.requestSha256 = requestBody == null ? null : ResponseDigest.sha256Hex(requestBody);
        this.digest = options.recordResponse() ? new ResponseDigest(MAX_RECORDED_BYTES)
                : options.hashResponse() ? new ResponseDigest() : null;
        this.answer = new CompletionBuilder(decryptor.privacy());
        this.readAhead = new ReadAheadLimit(options.maxPendingChunks());
        this.watchdog = new IdleWatchdog(options.idleTimeout(), options.totalTimeout(), System::nanoTime,
                () -> idle(uri, options), () -> overtime(uri, options));
        this.delivery = new OrderedDelivery(batches, new Delivery());
        this.decrypt = new BatchDecryptor(decryptor, options.decryptExecutor(), completion::isDone);
        this.body = new BodyReader(uri, framer, digest, readAhead, watchdog, new Body());
    }

    /**
     * Starts reading a streamed chat answer (for the client, and for transports' own tests).
     *
     * @param response    the answer, whose status was 2xx
     * @param uri         the request URI (for error messages)
     * @param requestBody the exact body that was sent, hashed once here for the response signature (null: none)
     */
    public static ChatStream start(Transport.StreamingResponse response, URI uri, ChunkDecryptor decryptor,
                                   StreamOptions options, byte[] requestBody) {
        return start(response, uri, decryptor, options, requestBody, null);
    }

    /**
     * Starts reading a streamed chat answer whose completion must also pass {@code completionCheck} (e.g. a
     * required response signature): once the whole answer was read, {@link #completion()} completes with what the
     * check gives, or fails with its failure. The deltas reach the reader before the check can run.
     *
     * @param completionCheck run on the complete answer, or null for none
     */
    public static ChatStream start(Transport.StreamingResponse response, URI uri, ChunkDecryptor decryptor,
                                   StreamOptions options, byte[] requestBody,
                                   Function<ChatCompletion, ? extends CompletionStage<ChatCompletion>> completionCheck) {
        ChatStream s = new ChatStream(uri, ChunkFramer.forContentType(response.header("Content-Type").orElse(null),
                options.limits()), decryptor, options, requestBody, completionCheck);
        s.watchdog.start(options.scheduler());
        response.body().subscribe(s.body);
        return s;
    }

    /**
     * Completes when the first chunk carrying text has been decrypted (or the stream ended); fails with the first
     * error if one comes before that. The client uses it to retry with fresh keys before anything reached the caller.
     */
    public CompletableFuture<Void> firstText() {
        return firstText.future();
    }

    /**
     * Completes with the whole answer once the stream has been read to its end by its reader (see {@link #collect()}
     * to read it without a reader of one's own); fails with the stream's error.
     */
    public CompletableFuture<ChatCompletion> completion() {
        return completion;
    }

    /**
     * The response bytes exactly as they arrived (the ciphertext of an end-to-end-encrypted answer), once the stream
     * ended complete, when the stream was asked to record them ({@link StreamOptions#recordResponse()}) and they
     * stayed under {@link #MAX_RECORDED_BYTES}; empty otherwise.
     */
    public java.util.Optional<byte[]> responseBytes() {
        byte[] b = responseBytes;
        return b == null ? java.util.Optional.empty() : java.util.Optional.of(b.clone());
    }

    /** Reads the whole stream without blocking (as its reader) and completes with the answer. */
    public CompletableFuture<ChatCompletion> collect() {
        subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatDelta item) {
                // the completion joins the text
            }

            @Override
            public void onError(Throwable throwable) {
                // the completion carries the error
            }

            @Override
            public void onComplete() {
                // the completion carries the answer
            }
        });
        return completion;
    }

    /** Reads the whole stream and returns the answer (blocking); a failed completion check is thrown as it is. */
    public ChatCompletion readAll() {
        for (ChatDelta ignored : this) {
            // the completion collects the text
        }
        try {
            return completion.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A blocking iterator over the deltas (one reader per stream); errors are thrown from {@code hasNext}. */
    @Override
    public Iterator<ChatDelta> iterator() {
        BlockingDeltaIterator reader = new BlockingDeltaIterator();
        subscribe(reader);
        return reader;
    }

    /** The deltas as a sequential {@link Stream}; closing it closes this stream. */
    public Stream<ChatDelta> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** Delivers the deltas in order, as many as requested; one subscriber per stream. */
    @Override
    public void subscribe(Flow.Subscriber<? super ChatDelta> subscriber) {
        delivery.subscribe(subscriber);
    }

    /**
     * Stops reading: closes the connection; the completion fails with a {@link java.util.concurrent.CancellationException},
     * as does a reader still waiting. Idempotent; no effect once the stream has ended.
     */
    @Override
    public void close() {
        delivery.stop(null, true);
    }

    /** Completes the answer, through the completion check when there is one. */
    private void finish(ChatCompletion done) {
        if (completionCheck == null) {
            completion.complete(done);
            return;
        }
        try {
            completionCheck.apply(done).whenComplete((checked, e) -> {
                if (e == null) {
                    completion.complete(checked);
                } else {
                    completion.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                }
            });
        } catch (RuntimeException | Error e) {
            completion.completeExceptionally(e);
        }
    }

    private void idle(URI uri, StreamOptions options) {
        body.abort(new TransportException.Timeout(uri, "the next part of the stream", options.idleTimeout(), null));
    }

    private void overtime(URI uri, StreamOptions options) {
        body.abort(new TransportException.Timeout(uri, "the whole streamed answer", options.totalTimeout(), null));
    }

    /** The body's batches go to the decrypt executor; decrypted ones wait in order for the reader. */
    private final class Body implements BodyReader.Listener {
        private final BatchDecryptor.Finished decrypted = this::decrypted;

        @Override
        public void batch(long seq, List<Chunk> chunks) {
            decrypt.submit(seq, chunks, decrypted);
        }

        private void decrypted(long seq, Batch batch) {
            batches.put(seq, batch);
            firstText.check(batches);
            delivery.drain();
        }

        @Override
        public void ended(long count, Throwable error) {
            if (error == null && digest != null) {
                // a complete answer ends on the body's own thread, which alone updates the digest
                responseBytes = digest.kept();
                responseSha256 = digest.finishHex();
            }
            batches.end(count, error);
            firstText.check(batches);
            delivery.drain();
        }
    }

    /** What happens around each delivery and at the end. */
    private final class Delivery implements OrderedDelivery.Listener {
        @Override
        public ChatDelta delivering(OpenedChunk chunk) {
            ChatDelta delta = text.decode(chunk);
            answer.add(delta, chunk.warnings());
            firstText.delivered();
            return delta;
        }

        @Override
        public Throwable ending() {
            return text.unfinished();
        }

        @Override
        public void delivered(long count) {
            readAhead.delivered(count);
        }

        @Override
        public void terminated(Throwable error) {
            watchdog.stop();
            body.cancel();
            if (error == null) {
                finish(answer.build(requestSha256, responseSha256));
            } else {
                completion.completeExceptionally(error);
            }
            firstText.end(error);
        }
    }
}
