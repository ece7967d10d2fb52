package io.venice.e2ee.cli.load;

import java.util.concurrent.CompletableFuture;

/** Sends one load-test stream along one path and reports what its caller saw. */
interface StreamDriver extends AutoCloseable {
    /** Sends {@code prompt} to {@code fault}'s model, streamed; never completes exceptionally. */
    CompletableFuture<StreamResult> stream(StreamFault fault, String prompt);

    /** Closes every connection and thread the driver opened, and waits until they are closed. */
    @Override
    void close();
}
