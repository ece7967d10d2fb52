package io.venice.e2ee.chat;

import io.venice.e2ee.testing.OnlyTyped;
import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.bc.BcCryptoProvider;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.spi.EcdhKeyPair;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The answer's parsers on anything a server can send: the framer (server-sent events, any split, junk, every mix
 * of line ends, lines past the limit, whole bodies of any type) and the chunk decryptor (arbitrary JSON, arbitrary
 * bytes, hostile envelopes). Only the protocol's typed errors may escape, and splitting never changes what is framed.
 */
class ChatParsersFuzzTest {
    private static EcdhKeyPair session;
    private static ChunkDecryptor e2ee;
    private static EnvelopeCipher cipher;

    @BeforeContainer
    static void keys() {
        cipher = new EnvelopeCipher(CryptoSuite.builder().providers(List.of(new BcCryptoProvider())).build());
        session = cipher.keyAgreement().generateKeyPair();
        e2ee = ChunkDecryptor.e2ee(cipher, session, false);
    }

    @AfterContainer
    static void close() {
        session.close();
    }

    /** Events of random JSON-ish data, each line ended by LF, CRLF or CR, ending in [DONE] or not. */
    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<String> data = Arbitraries.strings().withChars("{}[]\":,abc é🔐 \\").ofMaxLength(40);
        Arbitrary<String> eol = Arbitraries.of("\n", "\r\n", "\r");
        Arbitrary<String> event = Combinators.combine(data, eol, eol, Arbitraries.of("", ": comment", "event: x",
                "id: 7", "retry: 10")).as((d, e1, e2, extra) -> (extra.isEmpty() ? "" : extra + e1) + "data: " + d
                + e1 + e2);
        return Combinators.combine(event.list().ofMaxSize(12), Arbitraries.of(true, false))
                .as((events, done) -> (String.join("", events) + (done ? "data: [DONE]\n\n" : ""))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(20);
    }

    @Property
    void anySplitOfAStreamFramesTheSameChunks(@ForAll("streams") byte[] stream, @ForAll("cuts") List<Integer> cuts) {
        List<String> whole = frame(stream, List.of());
        assertThat(frame(stream, cuts)).isEqualTo(whole);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.strings().withChars("data: \r\n{}[DONE]:event").ofMaxLength(600)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void junkIsFramedOrRefusedAsAMalformedChunk(@ForAll("junk") byte[] body, @ForAll("cuts") List<Integer> cuts,
                                                @ForAll("contentTypes") String contentType) {
        ChunkFramer f = ChunkFramer.forContentType(contentType);
        OnlyTyped.check(body, () -> {
            feed(f, body, cuts);
            f.finish();
            return f.take();
        }, VeniceProtocolException.MalformedChunk.class);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(null, "", "text/event-stream", "TEXT/EVENT-STREAM; charset=utf-8", "application/json",
                "text/html", "\u0000");
    }

    @Test
    void aLinePastTheEventLimitIsRefusedByName() {
        byte[] huge = new byte[ChunkFramer.MAX_WHOLE_BODY + 2];
        Arrays.fill(huge, (byte) 'a');
        ChunkFramer framer = ChunkFramer.forContentType("text/html");
        assertThatThrownBy(() -> framer.feed(ByteBuffer.wrap(huge))).isInstanceOf(
                VeniceProtocolException.MalformedChunk.class).hasMessageContaining("larger than");
        ChunkFramer events = ChunkFramer.forContentType("text/event-stream");
        byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);
        Object framed = OnlyTyped.check("a data line of 3 x " + huge.length + " bytes", () -> {
            events.feed(ByteBuffer.wrap(prefix));
            for (int i = 0; i < 3; i++) {
                events.feed(ByteBuffer.wrap(huge));
            }
            events.finish();
            return events.take();
        }, VeniceProtocolException.MalformedChunk.class);
        assertThat(framed).as("refused, not framed").isNull();
    }

    @Provide
    Arbitrary<String> json() {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s + "\""),
                Arbitraries.of("null", "true", "false", "0", "-1", "1e999", "123456789012345678901234567890", "{}",
                        "[]", "\"04\"", "\"" + "0".repeat(186) + "\""));
        Arbitrary<String> field = Arbitraries.of("id", "model", "choices", "delta", "content", "reasoning_content",
                "reasoning", "finish_reason", "usage", "prompt_tokens", "error", "message", "index", "x");
        Arbitrary<String> member = Combinators.combine(field, scalar).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(5).map(m -> "{" + String.join(",", m) + "}");
        Arbitrary<String> nested = Combinators.combine(field, object, field).as((outer, inner, k) ->
                "{\"" + outer + "\":[{\"" + k + "\":" + inner + "}]}");
        Arbitrary<String> chunk = Combinators.combine(object, Arbitraries.of("", "x", "}", "]", "\"")).as(
                (o, junk) -> o + junk);
        return Arbitraries.oneOf(object, nested, chunk, Arbitraries.strings().ofMaxLength(100),
                Arbitraries.just("{\"choices\":[{\"delta\":{\"content\":\"" + "a".repeat(1000) + "\"}}]}"));
    }

    @Property
    void anyJsonIsADeltaOrATypedProtocolError(@ForAll("json") String json, @ForAll long index) {
        OnlyTyped.check(json, () -> ChunkDecryptor.plaintext().decrypt(json, index), VeniceProtocolException.class);
        OnlyTyped.check(json, () -> e2ee.decrypt(json, index), VeniceProtocolException.class);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        OnlyTyped.check(json, () -> e2ee.decrypt(bytes, 0, bytes.length, index), VeniceProtocolException.class);
    }

    @Provide
    Arbitrary<String> envelopes() {
        String good = cipher.seal(session.publicKey(), "hello");
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, good.length()).map(i -> good.substring(0, i)),
                Arbitraries.integers().between(0, good.length() - 1).map(i -> good.substring(0, i)
                        + (good.charAt(i) == '0' ? '1' : '0') + good.substring(i + 1)),
                Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(180).ofMaxLength(400),
                Arbitraries.just(good.toUpperCase()));
    }

    @Property
    void anyEnvelopeInAChunkIsTextOrATypedProtocolError(@ForAll("envelopes") String envelope) {
        for (String field : List.of("content", "reasoning_content", "reasoning")) {
            String json = "{\"choices\":[{\"delta\":{\"" + field + "\":\"" + envelope + "\"}}]}";
            OnlyTyped.check(json, () -> e2ee.decrypt(json, 1), VeniceProtocolException.class);
        }
    }

    @Test
    void typedMeansTheLibrarysOwnErrors() {
        assertThat(VeniceE2eeException.class).isAssignableFrom(VeniceProtocolException.class);
    }

    private static List<String> frame(byte[] stream, List<Integer> cuts) {
        ChunkFramer f = ChunkFramer.forContentType("text/event-stream");
        List<String> out = new ArrayList<>();
        feed(f, stream, cuts, out);
        f.finish();
        f.take().forEach(c -> out.add(c.index() + ":" + new String(c.json(), StandardCharsets.UTF_8)));
        return out;
    }

    private static void feed(ChunkFramer f, byte[] body, List<Integer> cuts) {
        feed(f, body, cuts, new ArrayList<>());
    }

    private static void feed(ChunkFramer f, byte[] body, List<Integer> cuts, List<String> out) {
        int[] at = cuts.stream().mapToInt(c -> body.length == 0 ? 0 : c % (body.length + 1)).sorted().toArray();
        int from = 0;
        for (int cut : at) {
            f.feed(ByteBuffer.wrap(body, from, cut - from));
            f.take().forEach(c -> out.add(c.index() + ":" + new String(c.json(), StandardCharsets.UTF_8)));
            from = cut;
        }
        f.feed(ByteBuffer.wrap(body, from, body.length - from));
        f.take().forEach(c -> out.add(c.index() + ":" + new String(c.json(), StandardCharsets.UTF_8)));
    }
}
