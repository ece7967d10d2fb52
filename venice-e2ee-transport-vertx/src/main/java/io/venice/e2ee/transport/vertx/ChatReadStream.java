package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * The deltas of a {@link ChatStream} as a Vert.x {@link ReadStream}. Every callback (handler, end handler, exception
 * handler) runs on one Vert.x context. The stream flows until {@link #pause()}; {@link #fetch(long)} then hands out
 * exactly that many deltas and {@link #resume()} lets it flow again. Demand becomes {@code request(n)} on the chat
 * stream, never more than a window of {@value #WINDOW} deltas ahead of the handler, so a slow handler slows the
 * network read. The stream ends once: the end handler after the last delta, or the exception handler with the
 * failure after every delta before it (a handler set after the end still hears it, once).
 *
 * <p>Call its methods on its context (where its callbacks run) for immediate effect; a call from another thread is
 * queued onto the context.
 */
public final class ChatReadStream implements ReadStream<ChatDelta> {
    /** The most deltas asked of the chat stream ahead of the handler. */
    static final int WINDOW = 32;

    private final Context context;
    private final ChatStream stream;

    // confined to the context
    private final ArrayDeque<ChatDelta> pending = new ArrayDeque<>();
    private Flow.Subscription subscription;
    private Handler<ChatDelta> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private long demand = Long.MAX_VALUE;
    private long outstanding;
    private boolean ended;
    private Throwable failure;
    private boolean told;
    private boolean pumping;
    private volatile boolean closed;

    private ChatReadStream(ChatStream stream, Context context) {
        this.stream = stream;
        this.context = context;
    }

    /**
     * Reads {@code stream} (it becomes this read stream's one reader) with callbacks on {@code context}.
     *
     * @throws NullPointerException if either is null
     */
    public static ChatReadStream of(ChatStream stream, Context context) {
        ChatReadStream rs = new ChatReadStream(Objects.requireNonNull(stream, "stream"),
                Objects.requireNonNull(context, "context"));
        stream.subscribe(rs.new Reader());
        return rs;
    }

    /** The context every callback runs on. */
    public Context context() {
        return context;
    }

    /** Completes with the whole answer once the stream has been read to its end, on this stream's context. */
    public Future<ChatCompletion> completion() {
        return Future.fromCompletionStage(stream.completion(), context);
    }

    /** Stops reading: closes the connection; no callback runs afterwards. Idempotent. */
    public void close() {
        closed = true;
        stream.close();
        onContext(pending::clear);
    }

    @Override
    public ChatReadStream exceptionHandler(Handler<Throwable> handler) {
        onContext(() -> {
            exceptionHandler = handler;
            pump();
        });
        return this;
    }

    @Override
    public ChatReadStream handler(Handler<ChatDelta> handler) {
        onContext(() -> {
            this.handler = handler;
            pump();
        });
        return this;
    }

    @Override
    public ChatReadStream pause() {
        onContext(() -> demand = 0);
        return this;
    }

    @Override
    public ChatReadStream resume() {
        onContext(() -> {
            demand = Long.MAX_VALUE;
            pump();
        });
        return this;
    }

    @Override
    public ChatReadStream fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("fetch(amount) needs amount >= 0, got " + amount);
        }
        onContext(() -> {
            demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
            pump();
        });
        return this;
    }

    @Override
    public ChatReadStream endHandler(Handler<Void> endHandler) {
        onContext(() -> {
            this.endHandler = endHandler;
            pump();
        });
        return this;
    }

    /** Hands out what the demand allows, ends the stream when it can, and asks the chat stream for more. */
    private void pump() {
        if (pumping || closed) {
            // a handler that fetches or resumes is served by the loop already running
            return;
        }
        pumping = true;
        try {
            while (handler != null && demand > 0 && !pending.isEmpty() && !closed) {
                ChatDelta d = pending.poll();
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                handler.handle(d);
            }
            if (ended && pending.isEmpty() && !told && !closed) {
                tellEnd();
            }
            askForMore();
        } finally {
            pumping = false;
        }
    }

    private void tellEnd() {
        if (failure == null && endHandler != null) {
            told = true;
            endHandler.handle(null);
        } else if (failure != null && exceptionHandler != null) {
            told = true;
            exceptionHandler.handle(failure);
        }
    }

    private void askForMore() {
        if (subscription == null || ended || handler == null || closed) {
            return;
        }
        long target = Math.min(demand, WINDOW);
        long have = pending.size() + outstanding;
        // flowing: top the window up once half of it is used, rather than one delta at a time
        if (have < target && (demand != Long.MAX_VALUE || have <= WINDOW / 2)) {
            outstanding += target - have;
            subscription.request(target - have);
        }
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    /** Receives the chat stream's signals, from any thread, and queues each onto the context in order. */
    private final class Reader implements Flow.Subscriber<ChatDelta> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            context.runOnContext(v -> {
                subscription = s;
                pump();
            });
        }

        @Override
        public void onNext(ChatDelta item) {
            context.runOnContext(v -> {
                outstanding--;
                pending.add(item);
                pump();
            });
        }

        @Override
        public void onError(Throwable t) {
            context.runOnContext(v -> {
                ended = true;
                failure = t;
                pump();
            });
        }

        @Override
        public void onComplete() {
            context.runOnContext(v -> {
                ended = true;
                pump();
            });
        }
    }
}
