package io.venice.e2ee.chat;

import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.transport.TransportException;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a response body one read at a time: hashes the bytes (when asked), frames them into chunks, hands the
 * chunks of each read on as one numbered batch, and asks for the next read while the read-ahead limit allows. Ends
 * exactly once: without error after {@code [DONE]} (closing the connection, even if the server keeps it open), or
 * with why the body ended early: {@link VeniceProtocolException.Truncated} without {@code [DONE]}, the transport's
 * error, a malformed chunk, a timeout, or any {@link Error} met on the way.
 */
final class BodyReader implements Flow.Subscriber<List<ByteBuffer>> {
    /** Receives the batches and the end. */
    interface Listener {
        /** The chunks of read {@code seq} (numbered from 0, in order; never empty). */
        void batch(long seq, List<Chunk> chunks);

        /** The body ended after {@code batches} batches; {@code error} is null after a complete answer. */
        void ended(long batches, Throwable error);
    }

    private final URI uri;
    private final ChunkFramer framer;
    private final ResponseDigest digest;
    private final ReadAheadLimit readAhead;
    private final IdleWatchdog watchdog;
    private final Listener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Flow.Subscription body;
    private volatile long batches;

    /**
     * @param uri    the request URI (named in transport errors)
     * @param digest hashes the bytes as they arrive, or null
     */
    BodyReader(URI uri, ChunkFramer framer, ResponseDigest digest, ReadAheadLimit readAhead, IdleWatchdog watchdog,
               Listener listener) {
        this.uri = uri;
        this.framer = framer;
        this.digest = digest;
        this.readAhead = readAhead;
        this.watchdog = watchdog;
        this.listener = listener;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        body = subscription;
        readAhead.attach(subscription);
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        watchdog.activity();
        if (ended.get()) {
            return;
        }
        Throwable failure = null;
        try {
            for (ByteBuffer b : buffers) {
                if (digest != null) {
                    digest.update(b);
                }
                framer.feed(b);
            }
        } catch (Throwable t) {
            failure = t;
        }
        failure = handOn(failure);
        if (failure != null) {
            stop(failure);
        } else if (framer.done()) {
            stop(null);
        } else {
            readAhead.readNext();
        }
    }

    @Override
    public void onError(Throwable t) {
        if (ended.get() || cancelled) {
            // once we have closed the connection, what the transport reports about it (some JDKs report the close
            // itself as a lost connection) is not the reason the body ended: stop() ends it with that reason
            return;
        }
        Throwable failure = handOn(null);
        end(failure != null ? failure : t instanceof VeniceE2eeException || t instanceof Error ? t
                : new TransportException.ConnectionLost(uri, t));
    }

    @Override
    public void onComplete() {
        if (ended.get()) {
            return;
        }
        Throwable failure = null;
        try {
            framer.finish();
        } catch (Throwable t) {
            failure = t;
        }
        failure = handOn(failure);
        end(failure != null ? failure : framer.done() ? null : new VeniceProtocolException.Truncated(framer.chunks()));
    }

    /** Ends the body early with {@code reason} (e.g. a timeout) and closes the connection; no-op once ended. */
    void abort(Throwable reason) {
        stop(reason);
    }

    /** Closes the connection because nobody reads the answer any more; nothing more is handed on. Idempotent. */
    void cancel() {
        cancelled = true;
        ended.set(true);
        watchdog.stop();
        Flow.Subscription s = body;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Hands on the chunks framed so far (those before a failure too, so they reach the reader before it); returns
     * the first failure: {@code failure}, or one met here.
     */
    private Throwable handOn(Throwable failure) {
        try {
            List<Chunk> chunks = framer.take();
            if (!chunks.isEmpty()) {
                readAhead.framed(chunks.size());
                long seq = batches;
                batches = seq + 1;
                listener.batch(seq, chunks);
            }
            return failure;
        } catch (Throwable t) {
            return failure != null ? failure : t;
        }
    }

    /** Closes the connection, then ends with {@code error}. */
    private void stop(Throwable error) {
        cancelled = true;
        Flow.Subscription s = body;
        if (s != null) {
            s.cancel();
        }
        end(error);
    }

    private void end(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            watchdog.stop();
            listener.ended(batches, error);
        }
    }
}
