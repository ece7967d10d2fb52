package io.venice.e2ee.cli;

/**
 * Makes text safe to print on a terminal, whoever chose it: the one place the command line decides what reaches
 * the screen. Everything the commands print passes through it ({@link TerminalWriter}), so a server's error message,
 * a model name, an answer or a check's reason cannot move the cursor, clear the screen, retitle the window or
 * overwrite the verification line.
 *
 * <ul>
 *   <li>Removed: every ESC sequence (CSI {@code ESC [ … final}, the strings OSC {@code ESC ]}, DCS {@code ESC P},
 *       SOS, PM and APC up to BEL or ST, and two-character escapes such as {@code ESC c} or {@code ESC M}); an ESC
 *       whose sequence is not complete loses its ESC and introducer only, so the text after it stays visible and a
 *       hostile string cannot swallow what the command prints after it; every other C0 control but tab and line
 *       feed; a carriage return, unless it ends a line as {@code \r\n} (a lone {@code \r} would let text overwrite
 *       the start of its line).</li>
 *   <li>Shown as the escape {@code \}{@code uXXXX}: C1 controls (U+0080 to U+009F, among them the 8-bit CSI U+009B),
 *       DEL, and the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which
 *       can make a line read differently from what it says. Inside a JSON string, where Jackson leaves them as
 *       they are, this is the JSON escape of the same character, so {@code --json} output stays exact; on a plain
 *       line it shows that something was there.</li>
 * </ul>
 * Line feeds and tabs stay, and so does every other character, left-to-right and right-to-left marks included.
 */
final class TerminalText {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char ST_8BIT = 0x9c;

    private TerminalText() {
    }

    /** {@code text} with the controls above removed or escaped. */
    static String clean(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int n = text.length();
        StringBuilder out = null;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (isPlain(c) || c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                if (out != null) {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n).append(text, 0, i);
            }
            if (c == ESC) {
                i = skipEscape(text, i);
            } else if (isVisiblyEscaped(c)) {
                out.append(String.format("\\u%04x", (int) c));
                i++;
            } else {
                i++;
            }
        }
        return out == null ? text.toString() : out.toString();
    }

    /** {@code text} cleaned and on one line: line feeds and tabs become spaces. */
    static String oneLine(CharSequence text) {
        return clean(text).replace("\r\n", " ").replace('\n', ' ').replace('\t', ' ');
    }

    private static boolean isPlain(char c) {
        return c == '\n' || c == '\t' || c >= 0x20 && c < 0x7f || c > 0x9f && !isBidiControl(c);
    }

    private static boolean isVisiblyEscaped(char c) {
        return c == 0x7f || c >= 0x80 && c <= 0x9f || isBidiControl(c);
    }

    private static boolean isBidiControl(char c) {
        return c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }

    /** The index after the escape sequence that starts at {@code start} (an ESC), or after ESC and its introducer. */
    private static int skipEscape(CharSequence s, int start) {
        int n = s.length();
        int i = start + 1;
        if (i >= n) {
            return i;
        }
        char introducer = s.charAt(i);
        switch (introducer) {
            case '[' -> {
                int j = i + 1;
                while (j < n && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x3f) {
                    j++;
                }
                while (j < n && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2f) {
                    j++;
                }
                return j < n && s.charAt(j) >= 0x40 && s.charAt(j) <= 0x7e ? j + 1 : i + 1;
            }
            case ']', 'P', 'X', '^', '_' -> {
                for (int j = i + 1; j < n; j++) {
                    char c = s.charAt(j);
                    if (c == BEL || c == ST_8BIT) {
                        return j + 1;
                    }
                    if (c == ESC && j + 1 < n && s.charAt(j + 1) == '\\') {
                        return j + 2;
                    }
                }
                return i + 1;
            }
            default -> {
                int j = i;
                while (j < n && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2f) {
                    j++;
                }
                if (j < n && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x7e) {
                    return j + 1;
                }
                return i;
            }
        }
    }
}
