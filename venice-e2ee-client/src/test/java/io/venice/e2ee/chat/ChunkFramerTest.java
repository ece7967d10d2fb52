package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkFramerTest {
    private static final List<String> CHUNKS = List.of("{\"a\":1}", "{\"b\":\"\u00e9\"}", "{\"c\":3}");

    private record Framed(long index, String json, String wholeBodyType) {
    }

    private static List<Framed> frame(ChunkFramer f, byte[] body, int... cuts) {
        List<Framed> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            f.feed(ByteBuffer.wrap(body, from, cut - from));
            take(f, out);
            from = cut;
        }
        f.feed(ByteBuffer.wrap(body, from, body.length - from));
        take(f, out);
        f.finish();
        take(f, out);
        return out;
    }

    private static void take(ChunkFramer f, List<Framed> out) {
        for (Chunk c : f.take()) {
            out.add(new Framed(c.index(), new String(c.json(), StandardCharsets.UTF_8), c.wholeBodyType()));
        }
    }

    private static List<Framed> expected() {
        List<Framed> out = new ArrayList<>();
        for (int i = 0; i < CHUNKS.size(); i++) {
            out.add(new Framed(i, CHUNKS.get(i), null));
        }
        return out;
    }

    @Test
    void eachEventIsOneChunkNumberedInOrderWhereverTheBodyIsSplit() {
        byte[] body = SealedAnswer.sse(CHUNKS, true);
        for (int cut = 0; cut <= body.length; cut++) {
            ChunkFramer f = ChunkFramer.forContentType("text/event-stream");
            assertThat(frame(f, body, cut)).as("split at %d", cut).isEqualTo(expected());
            assertThat(f.done()).isTrue();
            assertThat(f.chunks()).isEqualTo(3);
        }
        int[] everyByte = new int[body.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(frame(ChunkFramer.forContentType(null), body, everyByte)).isEqualTo(expected());
    }

    @Test
    void chunksAreFramedAsTheirReadArrivesNotHeld() {
        ChunkFramer f = ChunkFramer.forContentType("Text/Event-Stream; charset=utf-8");
        f.feed(ByteBuffer.wrap(SealedAnswer.sse(CHUNKS.subList(0, 2), false)));
        assertThat(f.take()).extracting(Chunk::index).containsExactly(0L, 1L);
        assertThat(f.take()).isEmpty();
        assertThat(f.done()).isFalse();
    }

    @Test
    void nothingAfterDoneIsFramed() {
        byte[] body = SealedAnswer.sse(List.of(CHUNKS.get(0)), true);
        byte[] more = SealedAnswer.sse(CHUNKS.subList(1, 3), false);
        ChunkFramer f = ChunkFramer.forContentType("");
        f.feed(ByteBuffer.wrap(body));
        f.feed(ByteBuffer.wrap(more));
        f.finish();
        assertThat(f.take()).extracting(Chunk::index).containsExactly(0L);
        assertThat(f.chunks()).isEqualTo(1);
        assertThat(f.done()).isTrue();
    }

    @Test
    void aBodyWithoutDoneIsNotDoneAndItsLastEventNeedsNoBlankLine() {
        String body = "data: " + CHUNKS.get(0) + "\n\ndata: " + CHUNKS.get(1);
        ChunkFramer f = ChunkFramer.forContentType("text/event-stream");
        List<Framed> out = frame(f, body.getBytes(StandardCharsets.UTF_8));
        assertThat(out).extracting(Framed::json).containsExactly(CHUNKS.get(0), CHUNKS.get(1));
        assertThat(f.done()).isFalse();
    }

    @Test
    void oneJsonObjectOfAnotherTypeIsOneWholeChunkAtTheEnd() {
        byte[] body = ("\n  " + CHUNKS.get(0)).getBytes(StandardCharsets.UTF_8);
        ChunkFramer f = ChunkFramer.forContentType("application/json; charset=utf-8");
        f.feed(ByteBuffer.wrap(body, 0, 4));
        f.feed(ByteBuffer.wrap(body, 4, body.length - 4));
        assertThat(f.take()).as("held until the body ends").isEmpty();
        f.finish();
        assertThat(f.take()).singleElement().satisfies(c -> {
            assertThat(c.index()).isZero();
            assertThat(new String(c.json(), StandardCharsets.UTF_8)).isEqualTo("\n  " + CHUNKS.get(0));
            assertThat(c.wholeBodyType()).isEqualTo("application/json; charset=utf-8");
        });
        assertThat(f.done()).isTrue();
    }

    @Test
    void aBodyOfAnotherTypeThatIsNotJsonIsReadAsEvents() {
        ChunkFramer f = ChunkFramer.forContentType("text/plain");
        List<Framed> out = frame(f, SealedAnswer.sse(CHUNKS, true));
        assertThat(out).isEqualTo(expected());
        assertThat(f.done()).isTrue();
    }

    @Test
    void aWholeBodyLargerThanTheBoundIsRefusedNamingItsType() {
        ChunkFramer f = ChunkFramer.forContentType("text/html");
        f.feed(ByteBuffer.allocate(ChunkFramer.MAX_WHOLE_BODY));
        assertThatThrownBy(() -> f.feed(ByteBuffer.allocate(1)))
                .isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessageContaining("text/html").hasMessageContaining("larger than " + ChunkFramer.MAX_WHOLE_BODY);
    }
}
