package io.venice.e2ee.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile text in, text that cannot drive a terminal out. */
class TerminalTextTest {
    private static final char ESC = 0x1b;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            clear screen (CSI)                     | a\\e[2Jb                          | ab
            cursor up and erase line (CSI)         | ok\\e[1A\\e[2Kfake                 | okfake
            colours with parameters                | \\e[1;31mred\\e[0m                 | red
            private mode (hide cursor)             | x\\e[?25ly                        | xy
            window title (OSC, BEL)                | \\e]0;pwned\\ahi                   | hi
            hyperlink (OSC 8, ST)                  | \\e]8;;http://evil\\e\\\\click\\e]8;;\\e\\\\ | click
            device control string (DCS)            | a\\eP1$q\\e\\\\b                    | ab
            application program command (APC)     | a\\e_payload\\e\\\\b                | ab
            full reset                             | a\\ecb                            | ab
            reverse index (moves up)               | a\\eMb                            | ab
            save and restore cursor                | \\e7x\\e8                          | x
            charset designation (nF)               | a\\e(0b                           | ab
            ESC at the end                         | done\\e                           | done
            unterminated OSC keeps what follows    | a\\e]0;title but no end           | a0;title but no end
            unterminated CSI keeps what follows    | a\\e[12                           | a12
            carriage-return overwrite              | evil\\rverified: fake             | evilverified: fake
            backspaces                             | abc\\b\\b\\bxyz                    | abcxyz
            NUL and BEL                            | a\\0b\\ac                          | abc
            """)
    void removesControls(String name, String hostile, String expected) {
        assertThat(TerminalText.clean(unescape(hostile))).as(name).isEqualTo(expected);
    }

    @Test
    void showsC1DeleteAndBidiControlsAsEscapesThatCannotAct() {
        assertThat(TerminalText.clean("a\u009b2Jb")).isEqualTo("a\\u009b2Jb");
        assertThat(TerminalText.clean("\u009d0;title\u009c")).isEqualTo("\\u009d0;title\\u009c");
        assertThat(TerminalText.clean("x\u007fy")).isEqualTo("x\\u007fy");
        assertThat(TerminalText.clean("pay \u202eevil.exe")).isEqualTo("pay \\u202eevil.exe");
        assertThat(TerminalText.clean("\u2066isolated\u2069")).isEqualTo("\\u2066isolated\\u2069");
    }

    @Test
    void keepsTextLineEndsTabsAndEveryScript() {
        String text = "line one\n\tindented\r\nCRLF kept\nh\u00e9llo \ud83d\udd10 \u91cf\u5b50 \u0645\u0631\u062d\u0628\u0627 "
                + "\u200emark\u200f";
        assertThat(TerminalText.clean(text)).isEqualTo(text);
        assertThat(TerminalText.clean("plain")).isSameAs("plain".toString());
    }

    @Test
    void oneLineFoldsLineEnds() {
        assertThat(TerminalText.oneLine("a\nb\r\nc\td\re")).isEqualTo("a b c de");
    }

    @Test
    void nothingThatStartsASequenceSurvives() {
        String all = "\u001b[2J\u001b]0;x\u0007\u009b2J\r\u0008\u0000\u001bc\u001b";
        String clean = TerminalText.clean(all);
        assertThat(clean).doesNotContain(String.valueOf(ESC)).doesNotContain("\r").doesNotContain("\u009b")
                .doesNotContain("\u0008").doesNotContain("\u0000").doesNotContain("\u0007");
    }

    /** The test's notation: \e ESC, \a BEL, \b backspace, \0 NUL, \r CR, \\ a backslash. */
    private static String unescape(String s) {
        return s.replace("\\\\", "\u0001").replace("\\e", String.valueOf(ESC)).replace("\\a", "\u0007")
                .replace("\\b", "\b").replace("\\0", "\u0000").replace("\\r", "\r").replace("\u0001", "\\");
    }
}
