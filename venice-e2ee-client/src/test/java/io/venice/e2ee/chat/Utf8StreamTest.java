package io.venice.e2ee.chat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8StreamTest {
    /** One, two, three and four-byte characters side by side. */
    private static final String TEXT = "a€é😀z中";

    @Test
    void textCutAtEveryByteInTwoPiecesComesOutWhole() {
        byte[] b = TEXT.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= b.length; cut++) {
            Utf8Stream s = new Utf8Stream();
            String out = s.next(Arrays.copyOfRange(b, 0, cut)) + s.next(Arrays.copyOfRange(b, cut, b.length));
            assertThat(out).as("cut at byte %d", cut).isEqualTo(TEXT);
            assertThat(s.unfinished()).isFalse();
        }
    }

    @Test
    void textFedOneByteAtATimeComesOutWholeAndOnlyWhenEachCharacterIsComplete() {
        byte[] b = "😀".getBytes(StandardCharsets.UTF_8);
        Utf8Stream s = new Utf8Stream();
        assertThat(s.next(new byte[] {b[0]})).isEmpty();
        assertThat(s.unfinished()).isTrue();
        assertThat(s.next(new byte[] {b[1]})).isEmpty();
        assertThat(s.next(new byte[] {b[2]})).isEmpty();
        assertThat(s.next(new byte[] {b[3]})).isEqualTo("😀");
        assertThat(s.unfinished()).isFalse();
    }

    @Test
    void anEmptyPieceChangesNothing() {
        Utf8Stream s = new Utf8Stream();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(s.next(Arrays.copyOf(euro, 2))).isEmpty();
        assertThat(s.next(new byte[0])).isEmpty();
        assertThat(s.next(new byte[] {euro[2]})).isEqualTo("€");
    }

    @Test
    void malformedBytesBecomeReplacementCharactersAndDoNotHoldBackWhatFollows() {
        Utf8Stream s = new Utf8Stream();
        // a lone continuation byte, an overlong lead (C0) and a lead not followed by its continuation
        assertThat(s.next(new byte[] {'a', (byte) 0x80, 'b'})).isEqualTo("a\uFFFDb");
        assertThat(s.next(new byte[] {(byte) 0xC0, 'c'})).isEqualTo("\uFFFDc");
        assertThat(s.next(new byte[] {(byte) 0xE2})).isEmpty();
        assertThat(s.next(new byte[] {'d'})).isEqualTo("\uFFFDd");
        assertThat(s.unfinished()).isFalse();
    }

    @Test
    void completeLengthStopsBeforeAnUnfinishedCharacterOnly() {
        assertThat(Utf8Stream.completeLength("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(3);
        assertThat(Utf8Stream.completeLength(new byte[] {'a', (byte) 0xF0, (byte) 0x9F, (byte) 0x98})).isEqualTo(1);
        assertThat(Utf8Stream.completeLength(new byte[] {(byte) 0xE2, (byte) 0x82})).isZero();
        // four continuation bytes in a row cannot finish anything: nothing is held back
        assertThat(Utf8Stream.completeLength(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}))
                .isEqualTo(4);
        assertThat(Utf8Stream.completeLength(new byte[0])).isZero();
    }
}
