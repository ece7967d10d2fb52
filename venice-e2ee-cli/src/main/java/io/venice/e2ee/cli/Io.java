package io.venice.e2ee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shared helper of the commands: standard input as bytes or strict UTF-8. */
final class Io {
    private Io() {
    }

    /** All of standard input as strict UTF-8. */
    static String readStdinUtf8() {
        byte[] bytes = readStdin();
        return utf8(bytes, 0, bytes.length);
    }

    /** All of standard input. */
    static byte[] readStdin() {
        try {
            InputStream in = System.in;
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    /** {@code bytes[offset, offset + length)} as strict UTF-8. */
    static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("standard input is not valid UTF-8");
        }
    }
}
