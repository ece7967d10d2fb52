package io.venice.e2ee.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Streams SSE events as they are built: the events (each one may seal an envelope) are built in batches on worker
 * threads, several batches at once, and written in order on the event loop as soon as the next one is ready. Pauses
 * are Vert.x timers, back-pressure is the response's drain handler, and sealing stays a bounded number of events
 * ahead of the writer, so a slow reader or a long delay holds back the work instead of piling it up.
 *
 * <p>Every method but the batch builders runs on the response's event loop, so the state needs no locking.
 */
final class SseStream {
    /** Events built ahead of the writer at most (sealed but not yet written). */
    static final int MAX_AHEAD = 256;
    /** Batches grow from 1 event (a quick first byte) to this size (little scheduling overhead per event). */
    static final int MAX_BATCH = 32;
    private static final int PARALLEL_BATCHES = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private final Vertx vertx;
    private final HttpServerResponse resp;
    private final List<Supplier<byte[]>> events;
    private final long pauseMillis;
    private final boolean splitBytes;
    private final boolean disconnect;
    private final Consumer<byte[]> onLastByte;
    private final IntConsumer onWritten;
    private final StreamStats stats;
    private final byte[][] ready;
    private final MessageDigest sent;
    private int nextToWrite;
    private int nextToBuild;
    private int batchSize = 1;
    private int batchesInFlight;
    private int splitAt;
    private boolean pausedBefore;
    private boolean waiting;
    private boolean failed;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean waitingForDrain;
    private boolean finished;

    /**
     * @param pauseMillis pause before every event but the first (0 for none)
     * @param splitBytes write and flush every byte as its own HTTP chunk
     * @param disconnect close the connection after the last event instead of ending the body
     * @param onLastByte receives SHA-256 of every byte of the stream just before its last byte is written
     * @param onWritten  receives the index of each event once all its bytes are handed to the connection
     * @param stats      counts what the stream goes through
     */
    SseStream(Vertx vertx, HttpServerResponse resp, List<Supplier<byte[]>> events, long pauseMillis, boolean splitBytes,
              boolean disconnect, Consumer<byte[]> onLastByte, IntConsumer onWritten, StreamStats stats) {
        this.vertx = vertx;
        this.resp = resp;
        this.events = events;
        this.pauseMillis = pauseMillis;
        this.splitBytes = splitBytes;
        this.disconnect = disconnect;
        this.onLastByte = onLastByte;
        this.onWritten = onWritten;
        this.stats = stats;
        this.ready = new byte[events.size()][];
        try {
            this.sent = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Sends the SSE head and starts building and writing the events. */
    void start() {
        resp.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
        // the head goes out at once, before any event is sealed
        resp.writeHead();
        stats.opened();
        resp.closeHandler(v -> closedByClient());
        build();
        pump();
    }

    private void build() {
        while (!failed && batchesInFlight < PARALLEL_BATCHES && nextToBuild < events.size()
                && nextToBuild - nextToWrite < MAX_AHEAD && !resp.closed()) {
            int from = nextToBuild;
            int to = Math.min(events.size(), from + batchSize);
            nextToBuild = to;
            batchSize = Math.min(MAX_BATCH, batchSize * 2);
            batchesInFlight++;
            vertx.<byte[][]>executeBlocking(() -> {
                byte[][] out = new byte[to - from][];
                for (int i = from; i < to; i++) {
                    out[i - from] = events.get(i).get();
                }
                return out;
            }, false).onComplete(ar -> {
                batchesInFlight--;
                if (ar.failed()) {
                    // the status line is gone already: closing the connection is the only signal left
                    failed = true;
                    resp.reset();
                    return;
                }
                System.arraycopy(ar.result(), 0, ready, from, to - from);
                pump();
            });
        }
    }

    /** Writes what is ready; a batch that completes while this runs (a finished future calls back at once) loops again. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                writeReady();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void writeReady() {
        while (!waiting && !failed && !resp.closed()) {
            if (nextToWrite == events.size()) {
                if (disconnect && !finished) {
                    // neither completed nor aborted by the client: the server broke it off
                    finished = true;
                    resp.reset();
                } else if (!resp.ended() && !finished) {
                    finished = true;
                    resp.end();
                    stats.completed();
                }
                return;
            }
            byte[] event = ready[nextToWrite];
            if (event == null) {
                build();
                return;
            }
            if (pauseMillis > 0 && nextToWrite > 0 && splitAt == 0 && !pausedBefore) {
                pausedBefore = true;
                waiting = true;
                vertx.setTimer(pauseMillis, t -> resume());
                return;
            }
            byte[] piece;
            if (splitBytes) {
                piece = new byte[] {event[splitAt++]};
            } else {
                piece = event;
                splitAt = event.length;
            }
            if (splitAt == event.length) {
                stats.written();
                onWritten.accept(nextToWrite);
                ready[nextToWrite++] = null;
                splitAt = 0;
                pausedBefore = false;
            }
            sent.update(piece);
            if (nextToWrite == events.size() && splitAt == 0) {
                // recorded before the last byte leaves, so a client that has read the whole stream finds it
                onLastByte.accept(sent.digest());
            }
            resp.write(Buffer.buffer(piece));
            build();
            if (resp.writeQueueFull()) {
                waiting = true;
                waitingForDrain = true;
                stats.waiting(true);
                resp.drainHandler(v -> drained());
                return;
            }
        }
    }

    private void drained() {
        if (waitingForDrain) {
            waitingForDrain = false;
            stats.waiting(false);
        }
        resume();
    }

    /** The connection closed: before the last byte, the client gave up on the stream. */
    private void closedByClient() {
        if (waitingForDrain) {
            waitingForDrain = false;
            stats.waiting(false);
        }
        if (!finished) {
            finished = true;
            stats.aborted();
        }
    }

    private void resume() {
        waiting = false;
        pump();
    }
}
