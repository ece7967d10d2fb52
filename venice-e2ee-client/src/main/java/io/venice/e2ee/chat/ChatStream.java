package io.venice.e2ee.chat;

import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.sse.SseDecoder;
import io.venice.e2ee.transport.TransportException;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer, decrypted as it arrives. Read it either way, once:
 * <ul>
 *   <li>blocking: {@code for (ChatDelta d : stream)} or {@link #stream()}, inside try-with-resources;</li>
 *   <li>async: {@link #subscribe} (a {@link Flow.Publisher} with back-pressure) and {@link #completion()}.</li>
 * </ul>
 * The body is decoded on the I/O thread (cheap); batches of chunks are decrypted on the decrypt executor in
 * parallel and delivered in stream order. Errors arrive after every delta that preceded them. Closing or cancelling
 * closes the connection and releases the session when the stream owns it.
 *
 * <p>A 2xx answer whose Content-Type is not {@code text/event-stream} and whose body is one JSON object is read as a
 * whole completion (one chunk, ended by its end); in an end-to-end-encrypted session plaintext in it is a
 * {@link VeniceProtocolException.Downgrade}.
 */
public final class ChatStream implements Flow.Publisher<ChatDelta>, Iterable<ChatDelta>, AutoCloseable {
    private final URI uri;
    private final ChunkDecryptor decryptor;
    private final StreamOptions options;
    private final byte[] requestBody;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<ChatCompletion> completion = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    // upstream side (signals are serialized by the publisher)
    private final SseDecoder decoder;
    private final ByteArrayOutputStream raw;
    private final String nonSseType;
    private final ByteArrayOutputStream wholeBody;
    private volatile boolean oneShot;
    private volatile Flow.Subscription upstream;
    private List<Event> batch = new ArrayList<>();
    private long nextChunkIndex;
    private long nextSubmitSeq;
    private volatile boolean sawDone;
    private volatile long lastActivity = System.nanoTime();
    private volatile ScheduledFuture<?> idleCheck;
    private final AtomicBoolean requestDeferred = new AtomicBoolean();
    private final AtomicLong pendingChunks = new AtomicLong();
    private volatile long totalBatches = -1;
    private volatile VeniceE2eeException upstreamError;

    // delivery side (serialized by the drain loop)
    private final ConcurrentHashMap<Long, Batch> completed = new ConcurrentHashMap<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile Flow.Subscriber<? super ChatDelta> downstream;
    private volatile boolean cancelled;
    private boolean terminated;
    private long nextEmitSeq;
    private Batch current;
    private int position;
    private long readySeq;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private String id;
    private String model;
    private String finishReason;
    private Usage usage;
    private long delivered;

    /** Bound on a whole (non-SSE) answer held in memory. */
    private static final int MAX_WHOLE_BODY = 8 << 20;

    private record Event(long index, byte[] data) {
    }

    private record Batch(List<ChatDelta> deltas, VeniceE2eeException error) {
    }

    private ChatStream(URI uri, ChunkDecryptor decryptor, StreamOptions options, byte[] requestBody, Runnable onClose,
                       String nonSseType) {
        this.uri = uri;
        this.decryptor = decryptor;
        this.options = options;
        this.requestBody = requestBody;
        this.onClose = onClose == null ? () -> { } : onClose;
        this.raw = options.keepRawResponse() ? new ByteArrayOutputStream() : null;
        this.decoder = new SseDecoder(this::onEvent);
        this.nonSseType = nonSseType;
        this.wholeBody = nonSseType == null ? null : new ByteArrayOutputStream();
    }

    /**
     * Starts reading a streamed chat answer (for the client and for transports' own tests).
     *
     * @param uri         the request URI (for error messages)
     * @param requestBody the exact body that was sent
     * @param onClose     run once when the stream ends, fails or is cancelled (e.g. closes an owned session)
     */
    public static ChatStream start(Transport.StreamingResponse response, URI uri, ChunkDecryptor decryptor,
                                   StreamOptions options, byte[] requestBody, Runnable onClose) {
        String type = response.header("Content-Type").map(String::strip).orElse("");
        boolean sse = type.isEmpty() || type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        ChatStream s = new ChatStream(uri, decryptor, options, requestBody, onClose, sse ? null : type);
        if (options.scheduler() != null) {
            long period = Math.max(10, options.idleTimeout().toMillis() / 4);
            s.idleCheck = options.scheduler().scheduleAtFixedRate(s::checkIdle, period, period, TimeUnit.MILLISECONDS);
        }
        response.body().subscribe(s.new BodySubscriber());
        return s;
    }

    /** The exact request body that was sent (message contents encrypted in an E2EE session). */
    public byte[] requestBody() {
        return requestBody.clone();
    }

    /**
     * Completes when the first chunk carrying text has been decrypted (or the stream ended); fails with the first
     * error if one comes before that. The client uses it to retry with fresh keys before anything reached the caller.
     */
    public CompletableFuture<Void> firstText() {
        return ready;
    }

    /**
     * Completes with the whole answer once the stream has been read to its end by its reader (see {@link #collect()}
     * to read it without a reader of one's own); fails with the stream's error.
     */
    public CompletableFuture<ChatCompletion> completion() {
        return completion;
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

    /** Reads the whole stream and returns the answer (blocking). */
    public ChatCompletion readAll() {
        for (ChatDelta ignored : this) {
            // the completion collects the text
        }
        return completion.join();
    }

    /** A blocking iterator over the deltas (one reader per stream); errors are thrown from {@code hasNext}. */
    @Override
    public Iterator<ChatDelta> iterator() {
        BlockingReader reader = new BlockingReader();
        subscribe(reader);
        return reader;
    }

    /** The deltas as a sequential {@link Stream}; closing it closes this stream. */
    public Stream<ChatDelta> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatDelta> subscriber) {
        if (downstream != null || closed.get()) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("a chat stream can be read once"));
            return;
        }
        downstream = subscriber;
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancelWith(new IllegalArgumentException("request(n) needs n > 0"));
                    return;
                }
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                drain();
            }

            @Override
            public void cancel() {
                ChatStream.this.close();
            }
        });
        drain();
    }

    /** Stops reading: closes the connection and releases the session if owned. Idempotent. */
    @Override
    public void close() {
        cancelWith(null);
    }

    private void cancelWith(Throwable reason) {
        if (cancelled) {
            return;
        }
        cancelled = true;
        Flow.Subscription up = upstream;
        if (up != null) {
            up.cancel();
        }
        if (reason != null && downstream != null) {
            downstream.onError(reason);
        }
        drain();
    }

    // ---- upstream: bytes -> events -> batches on the decrypt executor

    private final class BodySubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            if (cancelled) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastActivity = System.nanoTime();
            if (cancelled || totalBatches >= 0) {
                return;
            }
            try {
                for (ByteBuffer b : buffers) {
                    if (raw != null) {
                        copy(b, raw);
                    }
                    if (wholeBody != null) {
                        hold(b);
                    } else {
                        decoder.feed(b);
                    }
                }
            } catch (VeniceProtocolException e) {
                upstream.cancel();
                endUpstream(e);
                return;
            }
            submitBatch();
            if (sawDone) {
                // [DONE] ends the answer even if the server keeps the connection open
                upstream.cancel();
                endUpstream(null);
                return;
            }
            if (pendingChunks.get() < options.maxPendingChunks()) {
                upstream.request(1);
            } else {
                requestDeferred.set(true);
                requestMoreIfRoom();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (totalBatches >= 0) {
                return;
            }
            submitBatch();
            endUpstream(t instanceof VeniceE2eeException v ? v : new TransportException.ConnectionLost(uri, t));
        }

        @Override
        public void onComplete() {
            if (totalBatches >= 0) {
                return;
            }
            try {
                if (wholeBody != null) {
                    readWholeBody();
                }
                decoder.finish();
            } catch (VeniceProtocolException e) {
                submitBatch();
                endUpstream(e);
                return;
            }
            submitBatch();
            endUpstream(sawDone ? null : new VeniceProtocolException.Truncated(nextChunkIndex));
        }
    }

    private void hold(ByteBuffer b) {
        if (wholeBody.size() + b.remaining() > MAX_WHOLE_BODY) {
            throw new VeniceProtocolException.MalformedChunk(0, "the server answered with a " + nonSseType + " body larger"
                    + " than " + MAX_WHOLE_BODY + " bytes instead of an event stream", null);
        }
        copy(b, wholeBody);
    }

    private static void copy(ByteBuffer b, ByteArrayOutputStream to) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        to.write(bytes, 0, bytes.length);
    }

    /** One JSON object is a whole completion; anything else is decoded as events despite its Content-Type. */
    private void readWholeBody() {
        byte[] body = wholeBody.toByteArray();
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i < body.length && body[i] == '{') {
            oneShot = true;
            batch.add(new Event(nextChunkIndex++, body));
            sawDone = true;
        } else {
            decoder.feed(body, 0, body.length);
        }
    }

    private void onEvent(String type, byte[] data, int offset, int length) {
        if (sawDone) {
            return;
        }
        if (ChunkDecryptor.isDone(data, offset, length)) {
            sawDone = true;
            return;
        }
        batch.add(new Event(nextChunkIndex++, Arrays.copyOfRange(data, offset, offset + length)));
    }

    private void submitBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<Event> events = batch;
        batch = new ArrayList<>();
        long seq = nextSubmitSeq++;
        pendingChunks.addAndGet(events.size());
        try {
            options.decryptExecutor().execute(() -> finishBatch(seq, decryptAll(events)));
        } catch (RejectedExecutionException e) {
            finishBatch(seq, new Batch(List.of(), new VeniceProtocolException.MalformedChunk(events.get(0).index(),
                    "the decrypt executor refused work (it was shut down)", e)));
        }
    }

    private Batch decryptAll(List<Event> events) {
        List<ChatDelta> out = new ArrayList<>(events.size());
        for (Event e : events) {
            if (cancelled) {
                break;
            }
            try {
                out.add(decryptor.decrypt(e.data(), 0, e.data().length, e.index()));
            } catch (VeniceProtocolException.Downgrade ex) {
                return new Batch(out, oneShot ? VeniceProtocolException.Downgrade.plaintextBody(nonSseType,
                        ex.field()) : ex);
            } catch (VeniceE2eeException ex) {
                return new Batch(out, ex);
            } catch (RuntimeException ex) {
                return new Batch(out, new VeniceProtocolException.MalformedChunk(e.index(), "unexpected failure: " + ex, ex));
            }
        }
        return new Batch(out, null);
    }

    private void finishBatch(long seq, Batch b) {
        completed.put(seq, b);
        checkReady();
        drain();
    }

    private void endUpstream(VeniceE2eeException error) {
        upstreamError = error;
        totalBatches = nextSubmitSeq;
        stopIdleCheck();
        checkReady();
        drain();
    }

    private void requestMoreIfRoom() {
        Flow.Subscription up = upstream;
        if (up != null && pendingChunks.get() < options.maxPendingChunks() && requestDeferred.compareAndSet(true, false)) {
            up.request(1);
        }
    }

    private void checkIdle() {
        if (totalBatches >= 0 || cancelled) {
            stopIdleCheck();
            return;
        }
        long silent = System.nanoTime() - lastActivity;
        if (silent > options.idleTimeout().toNanos()) {
            // the timeout is recorded before the cancel: a transport may report the cancelled body as an error on
            // this very thread (the JDK's HttpClient does from JDK 25), which must not replace the timeout
            synchronized (this) {
                if (totalBatches < 0) {
                    endUpstream(new TransportException.Timeout(uri, "the next part of the stream", options.idleTimeout(),
                            null));
                }
            }
            Flow.Subscription up = upstream;
            if (up != null) {
                up.cancel();
            }
        }
    }

    private void stopIdleCheck() {
        ScheduledFuture<?> f = idleCheck;
        if (f != null) {
            f.cancel(false);
        }
    }

    private synchronized void checkReady() {
        while (!ready.isDone()) {
            Batch b = completed.get(readySeq);
            if (b == null) {
                long total = totalBatches;
                if (total >= 0 && readySeq >= total) {
                    if (upstreamError != null) {
                        ready.completeExceptionally(upstreamError);
                    } else {
                        ready.complete(null);
                    }
                }
                return;
            }
            for (ChatDelta d : b.deltas()) {
                if ((d.content() != null && !d.content().isEmpty()) || (d.reasoning() != null && !d.reasoning().isEmpty())) {
                    ready.complete(null);
                    return;
                }
            }
            if (b.error() != null) {
                ready.completeExceptionally(b.error());
                return;
            }
            readySeq++;
        }
    }

    // ---- delivery: ordered by batch sequence number, honouring demand

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!terminated) {
                drainOnce();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainOnce() {
        if (cancelled) {
            terminate(null, new CancellationException("the chat stream was closed before its end"));
            return;
        }
        Flow.Subscriber<? super ChatDelta> s = downstream;
        if (s == null) {
            return;
        }
        long emitted = 0;
        long requested = demand.get();
        while (true) {
            if (current == null) {
                current = completed.remove(nextEmitSeq);
                if (current == null) {
                    long total = totalBatches;
                    if (total >= 0 && nextEmitSeq >= total) {
                        terminate(s, upstreamError);
                    }
                    break;
                }
                nextEmitSeq++;
                position = 0;
            }
            if (position < current.deltas().size()) {
                if (emitted == requested) {
                    break;
                }
                ChatDelta d = current.deltas().get(position++);
                collect(d);
                emitted++;
                pendingChunks.decrementAndGet();
                if (!ready.isDone()) {
                    ready.complete(null);
                }
                s.onNext(d);
                if (cancelled) {
                    return;
                }
                continue;
            }
            if (current.error() != null) {
                terminate(s, current.error());
                return;
            }
            current = null;
        }
        if (emitted > 0 && requested != Long.MAX_VALUE) {
            demand.addAndGet(-emitted);
        }
        requestMoreIfRoom();
    }

    private void collect(ChatDelta d) {
        delivered++;
        if (d.content() != null) {
            content.append(d.content());
        }
        if (d.reasoning() != null) {
            reasoning.append(d.reasoning());
        }
        id = d.id() != null ? d.id() : id;
        model = d.model() != null ? d.model() : model;
        finishReason = d.finishReason() != null ? d.finishReason() : finishReason;
        usage = d.usage() != null ? d.usage() : usage;
    }

    private void terminate(Flow.Subscriber<? super ChatDelta> s, Throwable error) {
        if (terminated) {
            return;
        }
        terminated = true;
        stopIdleCheck();
        if (error != null) {
            Flow.Subscription up = upstream;
            if (up != null) {
                up.cancel();
            }
        }
        completed.clear();
        current = null;
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
        if (error == null) {
            completion.complete(new ChatCompletion(id, model, content.toString(), reasoning.toString(), finishReason,
                    usage, delivered, requestBody, raw == null ? null : raw.toByteArray()));
            if (!ready.isDone()) {
                ready.complete(null);
            }
            if (s != null) {
                s.onComplete();
            }
        } else {
            completion.completeExceptionally(error);
            if (!ready.isDone()) {
                ready.completeExceptionally(error);
            }
            if (s != null && !(error instanceof CancellationException)) {
                s.onError(error);
            }
        }
    }

    /** Blocking reader: a bounded queue refilled in steps, so a slow reader slows the network read. */
    private static final class BlockingReader implements Flow.Subscriber<ChatDelta>, Iterator<ChatDelta> {
        private static final int STEP = 32;
        private static final Object END = new Object();
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private Flow.Subscription subscription;
        private Object next;
        private int consumed;
        private boolean finished;

        private record Failure(Throwable error) {
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(2L * STEP);
        }

        @Override
        public void onNext(ChatDelta item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(new Failure(t));
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (finished) {
                return false;
            }
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                subscription.cancel();
                finished = true;
                throw new CancellationException("interrupted while waiting for the chat stream");
            }
            if (o == END) {
                finished = true;
                return false;
            }
            if (o instanceof Failure f) {
                finished = true;
                if (f.error() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(f.error());
            }
            next = o;
            if (++consumed % STEP == 0) {
                subscription.request(STEP);
            }
            return true;
        }

        @Override
        public ChatDelta next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ChatDelta d = (ChatDelta) next;
            next = null;
            return d;
        }
    }
}
