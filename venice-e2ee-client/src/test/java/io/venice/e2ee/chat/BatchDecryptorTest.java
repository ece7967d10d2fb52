package io.venice.e2ee.chat;

import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchDecryptorTest {
    private final SealedAnswer answer = new SealedAnswer();
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "decrypt-worker"));

    @AfterEach
    void close() {
        pool.shutdownNow();
        answer.close();
    }

    private static Chunk chunk(long index, String json) {
        return new Chunk(index, json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Submits one batch and waits for its single report. */
    private Batch run(BatchDecryptor d, List<Chunk> chunks) throws Exception {
        CompletableFuture<Batch> done = new CompletableFuture<>();
        AtomicInteger reports = new AtomicInteger();
        d.submit(4, chunks, (seq, b) -> {
            assertThat(seq).isEqualTo(4);
            reports.incrementAndGet();
            done.complete(b);
        });
        Batch b = done.get(10, TimeUnit.SECONDS);
        assertThat(reports.get()).isEqualTo(1);
        return b;
    }

    @Test
    void aBatchDecryptsInOrderOnTheExecutorNotTheCallersThread() throws Exception {
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatchDecryptor d = new BatchDecryptor(answer.decryptor(), task -> pool.execute(() -> {
            threads.add(Thread.currentThread().getName());
            task.run();
        }), () -> false);
        Batch b = run(d, List.of(chunk(10, answer.chunk("Hel")), chunk(11, answer.chunk("lo")),
                chunk(12, answer.chunk(" you"))));
        assertThat(b.error()).isNull();
        assertThat(b.chunks()).extracting(OpenedChunk::index).containsExactly(10L, 11L, 12L);
        assertThat(b.chunks()).extracting(c -> new String(c.content(), StandardCharsets.UTF_8))
                .containsExactly("Hel", "lo", " you");
        assertThat(b.chunks()).allMatch(OpenedChunk::encrypted);
        assertThat(threads).containsExactly("decrypt-worker");
    }

    @Test
    void aChunkThatDoesNotDecryptEndsTheBatchNamingItsIndexAfterTheOnesBeforeIt() throws Exception {
        BatchDecryptor d = new BatchDecryptor(answer.decryptor(), pool, () -> false);
        Batch b = run(d, List.of(chunk(5, answer.chunk("a")), chunk(6, answer.tamperedChunk("b")),
                chunk(7, answer.chunk("c"))));
        assertThat(b.chunks()).extracting(c -> new String(c.content(), StandardCharsets.UTF_8)).containsExactly("a");
        assertThat(b.error()).isInstanceOf(VeniceProtocolException.DecryptFailed.class).hasMessageContaining("chunk 6");
        VeniceProtocolException.DecryptFailed f = (VeniceProtocolException.DecryptFailed) b.error();
        assertThat(f.chunkIndex()).isEqualTo(6);
        assertThat(f.field()).isEqualTo("delta.content");
        assertThat(f.getCause()).isInstanceOf(EnvelopeException.class);
    }

    @Test
    void plaintextIsADowngradeAndInAWholeBodyTheNotSseDowngrade() throws Exception {
        BatchDecryptor d = new BatchDecryptor(answer.decryptor(), pool, () -> false);
        Batch sse = run(d, List.of(chunk(3, SealedAnswer.plainChunk("Four."))));
        assertThat(sse.error()).isInstanceOf(VeniceProtocolException.Downgrade.class)
                .hasMessageContaining("chunk 3").hasMessageNotContaining("Four");
        String whole = "{\"choices\":[{\"message\":{\"content\":\"Four.\"}}]}";
        Batch body = run(d, List.of(new Chunk(0, whole.getBytes(StandardCharsets.UTF_8), "application/json")));
        assertThat(body.chunks()).isEmpty();
        assertThat(body.error()).isInstanceOf(VeniceProtocolException.Downgrade.class)
                .hasMessageContaining("plaintext, not SSE").hasMessageContaining("application/json")
                .hasMessageNotContaining("Four");
        assertThat(((VeniceProtocolException.Downgrade) body.error()).field()).isEqualTo("message.content");
    }

    @Test
    void aShutDownExecutorIsReportedOnceNamingTheChunk() throws Exception {
        pool.shutdown();
        Batch b = run(new BatchDecryptor(answer.decryptor(), pool, () -> false), List.of(chunk(8, answer.chunk("x"))));
        assertThat(b.chunks()).isEmpty();
        assertThat(b.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("chunk 8")
                .hasMessageContaining("shut down").hasCauseInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void anErrorStartingTheTaskIsReportedOnceAsItIs() throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("unable to create native thread");
        Batch b = run(new BatchDecryptor(answer.decryptor(), task -> {
            throw oom;
        }, () -> false), List.of(chunk(0, answer.chunk("x"))));
        assertThat(b.error()).isSameAs(oom);
    }

    @Test
    void anInlineExecutorReportsOnceEvenWhenTheReceiverFails() {
        AtomicInteger reports = new AtomicInteger();
        BatchDecryptor d = new BatchDecryptor(answer.decryptor(), Runnable::run, () -> false);
        assertThatThrownBy(() -> d.submit(0, List.of(chunk(0, answer.chunk("x"))), (seq, b) -> {
            reports.incrementAndGet();
            throw new IllegalStateException("receiver failed");
        })).hasMessage("receiver failed");
        assertThat(reports.get()).isEqualTo(1);
    }

    @Test
    void onceNobodyReadsTheRestIsSkipped() throws Exception {
        Batch b = run(new BatchDecryptor(answer.decryptor(), pool, () -> true), List.of(chunk(0, answer.chunk("x"))));
        assertThat(b.chunks()).isEmpty();
        assertThat(b.error()).isNull();
    }
}
