package io.venice.e2ee.springai;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Remembers the latest verification, for the health indicator. Thread-safe. */
public final class LastVerification implements VerificationListener {
    private final AtomicReference<VerificationEvent> last = new AtomicReference<>();

    @Override
    public void onVerification(VerificationEvent event) {
        last.set(event);
    }

    /** The latest verification, if any chat has been attempted. */
    public Optional<VerificationEvent> get() {
        return Optional.ofNullable(last.get());
    }
}
