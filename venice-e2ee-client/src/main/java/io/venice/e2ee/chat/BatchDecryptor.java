package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Opens the chunks of one read together, as one task on the decrypt executor, so the I/O thread only frames
 * bytes. Batches may finish in any order; each is reported exactly once, with the deltas that opened before its
 * first failure and that failure. A failure of any kind ends the batch (an {@link Error} too), so the stream is
 * never left waiting for a batch that will not come.
 */
final class BatchDecryptor {
    /** Receives each finished batch. */
    @FunctionalInterface
    interface Finished {
        /** Batch {@code seq} is decrypted (called once per submitted batch, on any thread). */
        void batch(long seq, Batch batch);
    }

    private final ChunkDecryptor decryptor;
    private final Executor executor;
    private final BooleanSupplier stopped;

    /**
     * @param stopped true once nobody will read the answer: the chunks still queued are then skipped
     */
    BatchDecryptor(ChunkDecryptor decryptor, Executor executor, BooleanSupplier stopped) {
        this.decryptor = decryptor;
        this.executor = executor;
        this.stopped = stopped;
    }

    /** Decrypts {@code chunks} (batch {@code seq}) on the executor and hands the result to {@code finished}. */
    void submit(long seq, List<Chunk> chunks, Finished finished) {
        Task task = new Task(seq, chunks, finished);
        try {
            executor.execute(task);
        } catch (Throwable t) {
            if (task.ran) {
                // an executor that runs tasks inline: the failure came after the batch was reported
                throw t;
            }
            finished.batch(seq, new Batch(List.of(), t instanceof RejectedExecutionException
                    ? new IllegalStateException("the decrypt executor refused chunk " + chunks.get(0).index()
                    + " because it is shut down (the VeniceClient was closed while the answer streamed); read"
                    + " answers before closing the client", t)
                    // e.g. an OutOfMemoryError when a pool cannot start a thread: the reader learns of it
                    : t));
        }
    }

    /** Opens {@code chunks} in order on the calling thread, up to the first failure. */
    Batch decrypt(List<Chunk> chunks) {
        List<OpenedChunk> out = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            if (stopped.getAsBoolean()) {
                break;
            }
            try {
                out.add(decryptor.open(c.json(), 0, c.json().length, c.index()));
            } catch (VeniceProtocolException.Downgrade e) {
                return new Batch(out, c.wholeBodyType() == null ? e
                        : VeniceProtocolException.Downgrade.plaintextBody(c.wholeBodyType(), e.field()));
            } catch (Throwable t) {
                return new Batch(out, t);
            }
        }
        return new Batch(out, null);
    }

    /** One batch's decryption, reported once. */
    private final class Task implements Runnable {
        private final long seq;
        private final List<Chunk> chunks;
        private final Finished finished;
        private volatile boolean ran;

        Task(long seq, List<Chunk> chunks, Finished finished) {
            this.seq = seq;
            this.chunks = chunks;
            this.finished = finished;
        }

        @Override
        public void run() {
            ran = true;
            Batch batch;
            try {
                batch = decrypt(chunks);
            } catch (Throwable t) {
                batch = new Batch(List.of(), t);
            }
            finished.batch(seq, batch);
        }
    }
}
