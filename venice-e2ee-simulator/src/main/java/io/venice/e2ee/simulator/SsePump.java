package io.venice.e2ee.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * Writes a response's pieces in order on the event loop: a Vert.x timer where a piece has a pause before it,
 * the drain handler when the write queue is full, and the end of the response after the last piece.
 */
final class SsePump implements Runnable {
    private final Vertx vertx;
    private final HttpServerResponse resp;
    private final List<Buffer> items;
    private final List<Long> pauses;
    private int next;
    private boolean paused;

    SsePump(Vertx vertx, HttpServerResponse resp, List<Buffer> items, List<Long> pauses) {
        this.vertx = vertx;
        this.resp = resp;
        this.items = items;
        this.pauses = pauses;
    }

    @Override
    public void run() {
        while (next < items.size()) {
            if (resp.closed()) {
                return;
            }
            long pause = pauses.get(next);
            if (pause > 0 && !paused) {
                paused = true;
                vertx.setTimer(pause, t -> run());
                return;
            }
            paused = false;
            resp.write(items.get(next++));
            if (resp.writeQueueFull()) {
                resp.drainHandler(v -> run());
                return;
            }
        }
        if (!resp.closed() && !resp.ended()) {
            resp.end();
        }
    }
}
