package io.venice.e2ee.chat;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands the opened chunks, as deltas, to one subscriber in stream order, never more than it requested, and ends the stream
 * once: {@code onComplete} after a complete answer, {@code onError} with the first failure after every delta before
 * it. Whichever thread makes progress possible (a finished batch, the end of the body, a request, a cancel) calls
 * {@link #drain()}; a work-in-progress counter lets one of them deliver at a time, without a lock.
 */
final class OrderedDelivery {
    /** What the stream does around delivery. */
    interface Listener {
        /** {@code chunk}, the next in stream order, is about to reach the subscriber: its delta. */
        ChatDelta delivering(OpenedChunk chunk);

        /**
         * The body ended complete after every chunk was delivered: null to end the stream complete, or the error to
         * end it with instead.
         */
        Throwable ending();

        /** A drain pass handed out {@code count} deltas (zero included). */
        void delivered(long count);

        /**
         * The stream is over, before the subscriber hears it: {@code error} is null after a complete answer, a
         * {@link CancellationException} when closed or cancelled, else the failure.
         */
        void terminated(Throwable error);
    }

    /** Why delivery stops early, and whether the subscriber is told. */
    private record Stop(Throwable reason, boolean tell) {
    }

    private final OrderedBatches batches;
    private final Listener listener;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicReference<Flow.Subscriber<? super ChatDelta>> arriving = new AtomicReference<>();
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
            if (n <= 0) {
                stop(new IllegalArgumentException("request(n) needs n > 0, got " + n), true);
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            stop(null, false);
        }
    };

    // owned by the draining thread
    private Flow.Subscriber<? super ChatDelta> subscriber;
    private boolean terminated;
    private long nextSeq;
    private Batch current;
    private int position;

    OrderedDelivery(OrderedBatches batches, Listener listener) {
        this.batches = batches;
        this.listener = listener;
    }

    /**
     * Attaches the one subscriber: its {@code onSubscribe} comes from the drain, in series with every other signal.
     * A second subscriber, or one arriving after the end, is refused with an {@link IllegalStateException}.
     */
    void subscribe(Flow.Subscriber<? super ChatDelta> s) {
        if (!subscribed.compareAndSet(false, true)) {
            refuse(s);
            return;
        }
        arriving.set(s);
        drain();
    }

    /**
     * Ends delivery early with {@code reason} (null: a plain cancel); {@code tell} says whether the subscriber hears
     * it as {@code onError} (a close by the stream's owner wakes a blocked reader; a cancel by the subscriber is not
     * echoed back). The first stop wins.
     */
    void stop(Throwable reason, boolean tell) {
        Throwable why = reason != null ? reason : new CancellationException("the chat stream was closed before its end");
        if (stop.compareAndSet(null, new Stop(why, tell))) {
            drain();
        }
    }

    /** Delivers what the order and the demand allow, and ends the stream when it can. */
    void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            try {
                if (terminated) {
                    Flow.Subscriber<? super ChatDelta> late = arriving.getAndSet(null);
                    if (late != null) {
                        refuse(late);
                    }
                } else {
                    drainOnce();
                }
            } catch (Throwable t) {
                // a failing listener or subscriber ends the stream; the reader is told rather than left waiting
                terminate(subscriber, t);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainOnce() {
        if (subscriber == null) {
            Flow.Subscriber<? super ChatDelta> s = arriving.getAndSet(null);
            if (s != null) {
                subscriber = s;
                // its first requests come back through drain() and are served on the next pass
                s.onSubscribe(subscription);
            }
        }
        Stop stopped = stop.get();
        if (stopped != null) {
            terminate(stopped.tell() ? subscriber : null, stopped.reason());
            return;
        }
        Flow.Subscriber<? super ChatDelta> s = subscriber;
        if (s == null) {
            return;
        }
        long requested = demand.get();
        long emitted = 0;
        try {
            while (true) {
                if (current == null) {
                    current = batches.take(nextSeq);
                    if (current == null) {
                        if (batches.endsBefore(nextSeq)) {
                            Throwable error = batches.endError();
                            terminate(s, error != null ? error : listener.ending());
                        }
                        return;
                    }
                    nextSeq++;
                    position = 0;
                }
                if (position < current.chunks().size()) {
                    if (emitted == requested) {
                        return;
                    }
                    ChatDelta d = listener.delivering(current.chunks().get(position++));
                    emitted++;
                    s.onNext(d);
                    if (stop.get() != null) {
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
        } finally {
            if (emitted > 0 && requested != Long.MAX_VALUE) {
                demand.addAndGet(-emitted);
            }
            listener.delivered(emitted);
        }
    }

    /** Ends the stream once: the listener first, then the subscriber (if any, and if it is to be told). */
    private void terminate(Flow.Subscriber<? super ChatDelta> s, Throwable error) {
        if (terminated) {
            return;
        }
        terminated = true;
        batches.clear();
        current = null;
        try {
            listener.terminated(error);
        } finally {
            if (s != null) {
                if (error == null) {
                    s.onComplete();
                } else {
                    s.onError(error);
                }
            }
        }
    }

    private static void refuse(Flow.Subscriber<? super ChatDelta> s) {
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // refused: nothing will be delivered
            }

            @Override
            public void cancel() {
                // refused: nothing to cancel
            }
        });
        s.onError(new IllegalStateException("a chat stream can be read once, and this one was already read or"
                + " closed"));
    }
}
