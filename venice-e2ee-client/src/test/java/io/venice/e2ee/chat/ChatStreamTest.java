package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The whole stream through its public API: a body the test drives, real envelopes, a real decrypt pool. */
class ChatStreamTest {
    private static final URI URI_ = URI.create("http://127.0.0.1:9/api/v1/chat/completions");
    private static final byte[] REQUEST = "{\"model\":\"e2ee-m\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
    private static final List<String> TEXTS = List.of("Two", " plus", " two", " is", " four", ".");

    private final SealedAnswer answer = new SealedAnswer();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedBody body = new ScriptedBody();

    @AfterEach
    void close() {
        pool.shutdownNow();
        scheduler.shutdownNow();
        answer.close();
    }

    private ChatStream start(String contentType, boolean hash, int maxPending) {
        return ChatStream.start(body.response(contentType), URI_, answer.decryptor(),
                new StreamOptions(pool, scheduler, Duration.ofSeconds(30), maxPending, hash), REQUEST);
    }

    private ChatStream start() {
        return start("text/event-stream", true, 256);
    }

    private static String read(Iterator<ChatDelta> it, StringBuilder into) {
        while (it.hasNext()) {
            into.append(it.next().text());
        }
        return into.toString();
    }

    @Test
    void askedToRecordTheStreamKeepsItsExactBytesForAnAuditAndOtherwiseNone() {
        byte[] bytes = answer.sseOf(TEXTS, true);
        ScriptedBody recorded = new ScriptedBody();
        ChatStream s = ChatStream.start(recorded.response("text/event-stream"), URI_, answer.decryptor(),
                new StreamOptions(pool, scheduler, Duration.ofSeconds(30), 256, false, true), REQUEST);
        Iterator<ChatDelta> it = s.iterator();
        assertThat(s.responseBytes()).as("nothing before the end").isEmpty();
        recorded.emitInPieces(bytes, 5);
        it.forEachRemaining(d -> { });
        assertThat(s.responseBytes()).hasValue(bytes);
        // recording implies hashing, so the signature's response hash can be checked against the same bytes
        assertThat(s.completion().join().responseSha256()).isEqualTo(ResponseDigest.sha256Hex(bytes));

        ScriptedBody plain = new ScriptedBody();
        ChatStream unrecorded = ChatStream.start(plain.response("text/event-stream"), URI_, answer.decryptor(),
                new StreamOptions(pool, scheduler, Duration.ofSeconds(30), 256, true), REQUEST);
        Iterator<ChatDelta> it2 = unrecorded.iterator();
        plain.emitInPieces(bytes, bytes.length);
        it2.forEachRemaining(d -> { });
        assertThat(unrecorded.responseBytes()).isEmpty();
    }

    @Test
    void aRecordingDigestStopsKeepingPastItsLimitButHashesEverything() {
        ResponseDigest d = new ResponseDigest(8);
        d.update(java.nio.ByteBuffer.wrap("12345".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(d.kept()).isEqualTo("12345".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.ByteBuffer more = java.nio.ByteBuffer.wrap("6789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        d.update(more);
        assertThat(more.position()).as("the reader still sees its bytes").isZero();
        assertThat(d.kept()).as("past the limit: none, rather than a part").isNull();
        assertThat(d.finishHex()).isEqualTo(ResponseDigest.sha256Hex("123456789".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void anAnswerSplitAnywhereIsDeliveredInOrderWithTheHashesOfItsExactBytes() {
        byte[] bytes = answer.sseOf(TEXTS, true);
        for (int size : new int[] {1, 7, 100, bytes.length}) {
            ScriptedBody b = new ScriptedBody();
            ChatStream s = ChatStream.start(b.response("text/event-stream"), URI_, answer.decryptor(),
                    new StreamOptions(pool, scheduler, Duration.ofSeconds(30), 256, true), REQUEST);
            Iterator<ChatDelta> it = s.iterator();
            b.emitInPieces(bytes, size);
            List<ChatDelta> deltas = new ArrayList<>();
            it.forEachRemaining(deltas::add);
            assertThat(deltas).extracting(ChatDelta::text).as("reads of %d bytes", size).containsExactlyElementsOf(TEXTS);
            assertThat(deltas).extracting(ChatDelta::chunkIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            ChatCompletion done = s.completion().join();
            assertThat(done.content()).isEqualTo(String.join("", TEXTS));
            assertThat(done.id()).isEqualTo("chatcmpl-7");
            assertThat(done.chunks()).isEqualTo(6);
            assertThat(done.requestSha256()).isEqualTo(ResponseDigest.sha256Hex(REQUEST));
            assertThat(done.responseSha256()).isEqualTo(ResponseDigest.sha256Hex(bytes));
            assertThat(b.cancelled()).as("[DONE] closes the connection the server left open").isTrue();
        }
    }

    @Test
    void withoutHashingOnlyTheRequestHashIsKnown() {
        ChatStream s = start("text/event-stream", false, 256);
        Iterator<ChatDelta> it = s.iterator();
        body.emit(answer.sseOf(TEXTS, true));
        read(it, new StringBuilder());
        assertThat(s.completion().join().responseSha256()).isNull();
        assertThat(s.completion().join().requestSha256()).hasSize(64);
    }

    @Test
    void aStreamEndingWithoutDoneIsTruncatedAfterTheTextThatArrived() {
        ChatStream s = start();
        Iterator<ChatDelta> it = s.iterator();
        body.emit(answer.sseOf(TEXTS.subList(0, 3), false));
        body.complete();
        StringBuilder text = new StringBuilder();
        Throwable t = catchThrowable(() -> read(it, text));
        assertThat(text.toString()).isEqualTo("Two plus two");
        assertThat(t).isInstanceOf(VeniceProtocolException.Truncated.class).hasMessageContaining("after 3 chunks")
                .hasMessageContaining("[DONE]");
        assertThatThrownBy(() -> s.completion().join()).hasCause(t);
    }

    @Test
    void aChunkThatDoesNotDecryptFailsNamingItsIndexAfterTheChunksBeforeIt() {
        ChatStream s = start();
        Iterator<ChatDelta> it = s.iterator();
        body.emit(SealedAnswer.sse(List.of(answer.chunk("A"), answer.chunk("B"), answer.tamperedChunk("C"),
                answer.chunk("D")), true));
        StringBuilder text = new StringBuilder();
        Throwable t = catchThrowable(() -> read(it, text));
        assertThat(text.toString()).isEqualTo("AB");
        assertThat(t).isInstanceOf(VeniceProtocolException.DecryptFailed.class);
        assertThat(((VeniceProtocolException.DecryptFailed) t).chunkIndex()).isEqualTo(2);
    }

    @Test
    void plaintextInAnEncryptedStreamIsADowngradeNeverDelivered() {
        ChatStream s = start();
        Iterator<ChatDelta> it = s.iterator();
        body.emit(SealedAnswer.sse(List.of(answer.chunk("A"), SealedAnswer.plainChunk("leaked")), true));
        StringBuilder text = new StringBuilder();
        Throwable t = catchThrowable(() -> read(it, text));
        assertThat(text.toString()).isEqualTo("A");
        assertThat(t).isInstanceOf(VeniceProtocolException.Downgrade.class).hasMessageContaining("chunk 1")
                .hasMessageNotContaining("leaked");
    }

    @Test
    void aPlaintextJsonBodyIsTheNotSseDowngradeNotATruncation() {
        ChatStream s = start("application/json", true, 256);
        Iterator<ChatDelta> it = s.iterator();
        body.emit("{\"choices\":[{\"message\":{\"content\":\"Four.\"}}]}".getBytes(StandardCharsets.UTF_8));
        body.complete();
        assertThatThrownBy(it::hasNext).isInstanceOf(VeniceProtocolException.Downgrade.class)
                .hasMessageContaining("plaintext, not SSE").hasMessageNotContaining("Four");
    }

    @Test
    void whileNobodyReadsTheBodyIsReadNoFurtherThanTheReadAheadLimit() throws Exception {
        ChatStream s = ChatStream.start(body.response("text/event-stream"), URI_, answer.decryptor(),
                new StreamOptions(Runnable::run, scheduler, Duration.ofSeconds(30), 3, false), REQUEST);
        List<String> chunks = TEXTS.stream().map(answer::chunk).toList();
        for (int i = 0; i < 3; i++) {
            body.emit(SealedAnswer.sse(List.of(chunks.get(i)), false));
        }
        assertThat(body.outstanding()).as("three chunks wait: no further read is asked for").isZero();
        CompletableFuture<ChatDelta> first = new CompletableFuture<>();
        RecordingSubscriber reader = new RecordingSubscriber() {
            @Override
            public void onNext(ChatDelta item) {
                super.onNext(item);
                first.complete(item);
            }
        };
        s.subscribe(reader);
        reader.subscription.request(1);
        assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("Two");
        assertThat(body.outstanding()).as("one taken, one more read").isEqualTo(1);
        body.emit(SealedAnswer.sse(chunks.subList(3, 6), true));
        reader.subscription.request(Long.MAX_VALUE);
        assertThat(s.completion().get(10, TimeUnit.SECONDS).content()).isEqualTo(String.join("", TEXTS));
    }

    @Test
    void aSilentBodyTimesOutAndItsConnectionIsClosed() {
        ChatStream s = ChatStream.start(body.response("text/event-stream"), URI_, answer.decryptor(),
                new StreamOptions(pool, scheduler, Duration.ofMillis(20), 256, false), REQUEST);
        Iterator<ChatDelta> it = s.iterator();
        body.emit(answer.sseOf(TEXTS.subList(0, 1), false));
        StringBuilder text = new StringBuilder();
        Throwable t = catchThrowable(() -> read(it, text));
        assertThat(text.toString()).isEqualTo("Two");
        assertThat(t).isInstanceOf(TransportException.Timeout.class).hasMessageContaining("the next part of the stream");
        assertThat(body.cancelled()).isTrue();
    }

    @Test
    void anErrorFromTheBodyReachesTheReaderAsItIs() {
        ChatStream s = start();
        Iterator<ChatDelta> it = s.iterator();
        body.emit(answer.sseOf(TEXTS.subList(0, 1), false));
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        body.fail(oom);
        assertThat(it.next().text()).isEqualTo("Two");
        assertThatThrownBy(it::hasNext).isSameAs(oom);
        assertThatThrownBy(() -> s.completion().join()).hasCause(oom);
    }

    @Test
    void anErrorOnTheDecryptExecutorReachesTheReaderAsItIs() {
        OutOfMemoryError oom = new OutOfMemoryError("unable to create native thread");
        ChatStream s = ChatStream.start(body.response("text/event-stream"), URI_, answer.decryptor(),
                new StreamOptions(task -> {
                    throw oom;
                }, scheduler, Duration.ofSeconds(30), 256, false), REQUEST);
        Iterator<ChatDelta> it = s.iterator();
        body.emit(answer.sseOf(TEXTS, true));
        assertThatThrownBy(it::hasNext).isSameAs(oom);
    }

    @Test
    void aLostConnectionIsTypedAfterTheTextBeforeIt() {
        ChatStream s = start();
        Iterator<ChatDelta> it = s.iterator();
        body.emit(answer.sseOf(TEXTS.subList(0, 2), false));
        body.fail(new java.io.IOException("connection reset"));
        StringBuilder text = new StringBuilder();
        Throwable t = catchThrowable(() -> read(it, text));
        assertThat(text.toString()).isEqualTo("Two plus");
        assertThat(t).isInstanceOf(TransportException.ConnectionLost.class);
    }

    @Test
    void closingClosesTheConnectionAndWakesAWaitingReader() throws Exception {
        ChatStream s = start();
        Iterator<ChatDelta> it = s.iterator();
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> catchThrowable(it::hasNext));
        s.close();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(body.cancelled()).isTrue();
        assertThatThrownBy(() -> s.completion().join()).isInstanceOf(CancellationException.class);
        s.close();
    }

    @Test
    void aStreamIsReadOnce() {
        ChatStream s = start();
        s.iterator();
        assertThatThrownBy(() -> s.iterator().hasNext()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read once");
    }

    @Test
    void firstTextWaitsForDecryptedTextBeforeAnyReader() throws Exception {
        ChatStream s = start();
        body.emit(SealedAnswer.sse(List.of("{\"id\":\"chatcmpl-7\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}"),
                false));
        assertThat(s.firstText()).as("no text yet").isNotDone();
        body.emit(answer.sseOf(TEXTS.subList(0, 1), false));
        assertThat(s.firstText().get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aFailureBeforeAnyTextFailsFirstText() {
        ChatStream s = start();
        body.emit(SealedAnswer.sse(List.of(answer.tamperedChunk("A"), answer.chunk("B")), true));
        Throwable t = catchThrowable(() -> s.firstText().get(10, TimeUnit.SECONDS));
        assertThat(t).hasCauseInstanceOf(VeniceProtocolException.DecryptFailed.class);
    }

    @Test
    void closingBeforeAnyTextFailsFirstTextAsCancelled() {
        ChatStream s = start();
        s.close();
        assertThat(catchThrowable(() -> s.firstText().join())).isInstanceOf(CancellationException.class);
        assertThat(body.cancelled()).isTrue();
    }
}
