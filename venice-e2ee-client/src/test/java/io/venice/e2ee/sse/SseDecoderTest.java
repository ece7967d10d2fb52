package io.venice.e2ee.sse;

import io.venice.e2ee.protocol.VeniceProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseDecoderTest {
    record Ev(String type, String data) {
    }

    static List<Ev> decode(byte[] bytes, int[] cuts) {
        List<Ev> out = new ArrayList<>();
        SseDecoder d = new SseDecoder((t, b, o, n) -> out.add(new Ev(t, new String(b, o, n, StandardCharsets.UTF_8))));
        int from = 0;
        for (int cut : cuts) {
            d.feed(bytes, from, cut - from);
            from = cut;
        }
        d.feed(bytes, from, bytes.length - from);
        d.finish();
        return out;
    }

    static List<Ev> decode(String s) {
        return decode(s.getBytes(StandardCharsets.UTF_8), new int[0]);
    }

    static List<Ev> oneByteAtATime(byte[] bytes) {
        int[] cuts = new int[Math.max(0, bytes.length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return decode(bytes, cuts);
    }

    @Test
    void dataLinesSeparatedByBlankLinesBecomeEvents() {
        assertThat(decode("data: {\"a\":1}\n\ndata: [DONE]\n\n"))
                .containsExactly(new Ev(null, "{\"a\":1}"), new Ev(null, "[DONE]"));
    }

    @Test
    void crLfAndBareCrEndLinesLikeLf() {
        assertThat(decode("data: a\r\n\r\ndata: b\r\rdata: c\n\n"))
                .containsExactly(new Ev(null, "a"), new Ev(null, "b"), new Ev(null, "c"));
    }

    @Test
    void commentsAreIgnoredAndMultipleDataLinesJoinWithLf() {
        assertThat(decode(": keep-alive\ndata: one\n: inside\ndata:two\ndata\n\n"))
                .containsExactly(new Ev(null, "one\ntwo\n"));
    }

    @Test
    void lastEventWithoutTrailingBlankLineIsDispatchedByFinish() {
        assertThat(decode("data: first\n\ndata: last")).containsExactly(new Ev(null, "first"), new Ev(null, "last"));
    }

    @Test
    void eventFieldSetsTheTypeAndOnlyOneLeadingSpaceIsStripped() {
        assertThat(decode("event: error\ndata:  two spaces\n\n")).containsExactly(new Ev("error", " two spaces"));
    }

    @Test
    void blankLinesWithoutDataDispatchNothing() {
        assertThat(decode("\n\n: c\n\nid: 7\nretry: 10\n\n")).isEmpty();
    }

    @Test
    void anEmptyDataFieldIsAKeepAliveNotAnEvent() {
        assertThat(decode("data:\n\ndata\n\ndata: x\n\n")).containsExactly(new Ev(null, "x"));
        assertThat(decode("data:\ndata:\n\n")).containsExactly(new Ev(null, "\n"));
    }

    @Test
    void crLfSplitBetweenReadsIsOneLineEnd() {
        byte[] b = "data: x\r\n\r\ndata: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        // cut right after each CR
        assertThat(decode(b, new int[] {8, 10})).containsExactly(new Ev(null, "x"), new Ev(null, "y"));
    }

    @Test
    void utf8SequenceSplitAcrossReadsDecodesWhole() {
        byte[] b = "data: héllo €𝄞\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(oneByteAtATime(b)).containsExactly(new Ev(null, "héllo €𝄞"));
    }

    @Test
    void leadingByteOrderMarkIsSkippedEvenWhenSplit() {
        byte[] body = "data: z\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[body.length + 3];
        b[0] = (byte) 0xEF;
        b[1] = (byte) 0xBB;
        b[2] = (byte) 0xBF;
        System.arraycopy(body, 0, b, 3, body.length);
        assertThat(oneByteAtATime(b)).containsExactly(new Ev(null, "z"));
    }

    @Test
    void directByteBuffersAreRead() {
        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        direct.put("data: d\n\n".getBytes(StandardCharsets.US_ASCII)).flip();
        List<Ev> out = new ArrayList<>();
        SseDecoder d = new SseDecoder((t, b, o, n) -> out.add(new Ev(t, new String(b, o, n, StandardCharsets.UTF_8))));
        d.feed(direct);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(out).containsExactly(new Ev(null, "d"));
    }

    @Test
    void anEventLargerThanTheLimitIsRefused() {
        SseDecoder d = new SseDecoder((t, b, o, n) -> { }, 16);
        byte[] big = ("data: " + "x".repeat(40) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> d.feed(big, 0, big.length)).isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessageContaining("larger than 16 bytes");
    }

    @Property(tries = 300)
    void anySplitYieldsTheSameEventsAsOneRead(@ForAll("streams") byte[] stream, @ForAll("cutSeeds") List<Integer> seeds) {
        int[] cuts = seeds.stream().mapToInt(s -> Math.floorMod(s, stream.length + 1)).sorted().toArray();
        assertThat(decode(stream, cuts)).isEqualTo(decode(stream, new int[0]));
    }

    @Property(tries = 100)
    void oneByteAtATimeYieldsTheSameEventsAsOneRead(@ForAll("streams") byte[] stream) {
        assertThat(oneByteAtATime(stream)).isEqualTo(decode(stream, new int[0]));
    }

    @Provide
    Arbitrary<List<Integer>> cutSeeds() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abc{}\":, é€𝄞[]DONE").ofMaxLength(30);
        Arbitrary<String> eol = Arbitraries.of("\n", "\r\n", "\r");
        Arbitrary<String> line = Combinators.combine(Arbitraries.of("data: ", "data:", ": ", "event: ", "id: ", ""),
                text, eol).as((f, t, e) -> f + t + e);
        return line.list().ofMaxSize(25).map(ls -> String.join("", ls).getBytes(StandardCharsets.UTF_8));
    }
}
