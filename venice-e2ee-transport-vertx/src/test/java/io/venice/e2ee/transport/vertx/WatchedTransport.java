package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.sse.SseDecoder;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real transport that watches the body of the streamed answer going through it: how many server-sent events have
 * been read off the network, and each time reading stops because the reader asked for no more (back-pressure
 * reaching the connection). Nothing is changed on the way.
 */
final class WatchedTransport implements Transport {
    private final Transport inner;
    final AtomicLong eventsRead = new AtomicLong();
    /** Completes when the body ended or its reader closed it. */
    final CompletableFuture<Void> bodyEnded = new CompletableFuture<>();
    private int stalls;
    private long eventsAtLastStall;

    WatchedTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        return inner.send(request);
    }

    @Override
    public CompletableFuture<StreamingResponse> stream(Request request) {
        return inner.stream(request).thenApply(resp -> new StreamingResponse() {
            @Override
            public int status() {
                return resp.status();
            }

            @Override
            public Map<String, List<String>> headers() {
                return resp.headers();
            }

            @Override
            public Flow.Publisher<List<ByteBuffer>> body() {
                return subscriber -> resp.body().subscribe(new Watcher(subscriber));
            }
        });
    }

    /**
     * Waits until reading has stopped for want of demand {@code n} times in all; returns the events read by then.
     */
    synchronized long awaitStall(int n) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stalls < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || bodyEnded.isDone()) {
                throw new TimeoutException("reading never stopped (stall " + n + "); the body "
                        + (bodyEnded.isDone() ? "was read to its end" : "is still being read"));
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return eventsAtLastStall;
    }

    private synchronized void stalled() {
        stalls++;
        eventsAtLastStall = eventsRead.get();
        notifyAll();
    }

    private synchronized void ended() {
        bodyEnded.complete(null);
        notifyAll();
    }

    @Override
    public void close() {
        inner.close();
    }

    /** Passes the body on, counting events and noticing when no read is asked for after one was handed on. */
    private final class Watcher implements Flow.Subscriber<List<ByteBuffer>> {
        private final Flow.Subscriber<? super List<ByteBuffer>> downstream;
        private final SseDecoder events = new SseDecoder((type, data, offset, length) -> eventsRead.incrementAndGet());
        private final AtomicLong requested = new AtomicLong();
        private final AtomicLong handedOn = new AtomicLong();
        private volatile boolean cancelled;

        Watcher(Flow.Subscriber<? super List<ByteBuffer>> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requested.addAndGet(n);
                    s.request(n);
                }

                @Override
                public void cancel() {
                    cancelled = true;
                    s.cancel();
                    ended();
                }
            });
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                events.feed(b.duplicate());
            }
            handedOn.incrementAndGet();
            downstream.onNext(buffers);
            // the reader asks for its next read from inside onNext when it has room: none asked means it is full
            if (!cancelled && requested.get() == handedOn.get()) {
                stalled();
            }
        }

        @Override
        public void onError(Throwable t) {
            ended();
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            ended();
            downstream.onComplete();
        }
    }
}
