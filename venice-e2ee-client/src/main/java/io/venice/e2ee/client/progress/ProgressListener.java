package io.venice.e2ee.client.progress;

import java.time.Duration;

/**
 * Hears about the slow steps of opening a session (attesting a model, each collateral or NRAS fetch) as they start
 * and end, so an interactive program can show progress. Called from the client's threads: implementations return
 * quickly and never throw. The library itself never prints.
 */
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(String step) {
            // nothing to show
        }

        @Override
        public void finished(String step, Duration took, String outcome) {
            // nothing to show
        }
    };

    /**
     * A step started.
     *
     * @param step what it is, e.g. {@code attesting e2ee-glm-5} or {@code fetching Intel TCB info (FMSPC
     *             90c06f000000) from https://...}
     */
    void started(String step);

    /**
     * A step ended.
     *
     * @param step    the same text as {@link #started(String)} gave
     * @param took    how long it took
     * @param outcome how it ended, e.g. {@code fetched}, {@code from the memory cache}, {@code failed: ...}
     */
    void finished(String step, Duration took, String outcome);
}
