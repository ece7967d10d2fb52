package io.venice.e2ee.chat;

import io.venice.e2ee.spi.Transport;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body the test drives: it emits the reads the test gives it, but only as many as the subscriber asked
 * for (an unrequested read is a test failure), and records the requests and the cancel.
 */
final class ScriptedBody implements Flow.Publisher<List<ByteBuffer>> {
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private long emitted;
    private Flow.Subscriber<? super List<ByteBuffer>> subscriber;

    @Override
    public void subscribe(Flow.Subscriber<? super List<ByteBuffer>> s) {
        if (subscriber != null) {
            throw new AssertionError("the body was subscribed twice");
        }
        subscriber = s;
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }

    /** A streaming response of {@code contentType} (null: no header) with this body. */
    Transport.StreamingResponse response(String contentType) {
        ScriptedBody body = this;
        return new Transport.StreamingResponse() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public Map<String, List<String>> headers() {
                return contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
            }

            @Override
            public Flow.Publisher<List<ByteBuffer>> body() {
                return body;
            }
        };
    }

    /** One read holding {@code bytes}; the subscriber must have asked for it. */
    void emit(byte[] bytes) {
        emit(bytes, 0, bytes.length);
    }

    /** One read holding {@code bytes[from, to)}. */
    void emit(byte[] bytes, int from, int to) {
        if (outstanding() <= 0) {
            throw new AssertionError("read " + (emitted + 1) + " was not asked for (" + requested.get() + " asked)");
        }
        emitted++;
        subscriber.onNext(List.of(ByteBuffer.wrap(bytes, from, to - from).slice()));
    }

    /** Emits {@code bytes} split into reads of {@code size} bytes. */
    void emitInPieces(byte[] bytes, int size) {
        for (int i = 0; i < bytes.length; i += size) {
            emit(bytes, i, Math.min(bytes.length, i + size));
        }
    }

    void complete() {
        subscriber.onComplete();
    }

    void fail(Throwable t) {
        subscriber.onError(t);
    }

    /** Reads asked for and not yet emitted. */
    long outstanding() {
        return requested.get() - emitted;
    }

    boolean cancelled() {
        return cancelled.get();
    }
}
