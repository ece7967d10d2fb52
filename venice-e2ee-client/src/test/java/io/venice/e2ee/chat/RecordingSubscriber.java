package io.venice.e2ee.chat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/** A subscriber that records every signal, asking for what the test tells it to. */
class RecordingSubscriber implements Flow.Subscriber<ChatDelta> {
    final List<ChatDelta> items = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger subscriptions = new AtomicInteger();
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscriptions.incrementAndGet();
        subscription = s;
    }

    @Override
    public void onNext(ChatDelta item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        errors.add(t);
    }

    @Override
    public void onComplete() {
        completions.incrementAndGet();
    }

    /** Texts received, in order. */
    List<String> texts() {
        return items.stream().map(ChatDelta::text).toList();
    }

    /** Terminal signals received (must never exceed one). */
    int terminals() {
        return errors.size() + completions.get();
    }
}
