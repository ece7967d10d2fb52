package io.venice.e2ee.chat;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A blocking iterator over a stream of deltas: it subscribes, asks for a bounded number ahead and asks for more as
 * it is read, so a slow reader slows the network read. The stream's failure is thrown from {@code hasNext} as it is
 * (an {@link Error} too); an interrupted reader cancels the stream.
 */
final class BlockingDeltaIterator implements Flow.Subscriber<ChatDelta>, Iterator<ChatDelta> {
    /** Deltas asked for at a time; twice this many are asked for at the start. */
    static final int STEP = 32;
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private Object next;
    private int consumed;
    private boolean finished;

    /** The stream failed with {@code error}. */
    private record Failure(Throwable error) {
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(2L * STEP);
        }
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
            finished = true;
            cancel();
            throw new CancellationException("interrupted while waiting for the chat stream");
        }
        if (o == END) {
            finished = true;
            return false;
        }
        if (o instanceof Failure f) {
            finished = true;
            throw rethrowable(f.error());
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

    private void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** The failure as the reader sees it: unchecked ones as they are, a checked one wrapped. */
    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new CompletionException(t);
    }
}
