package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.CryptoSuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shared helpers of the commands: strict UTF-8 standard input and the crypto suite an option asks for. */
final class Io {
    private Io() {
    }

    /** All of standard input as strict UTF-8. */
    static String readStdinUtf8() {
        byte[] bytes;
        try {
            InputStream in = System.in;
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("standard input is not valid UTF-8");
        }
    }

    /** The default suite, or every primitive from the provider named {@code provider} when it is given. */
    static CryptoSuite suite(String provider) {
        return provider == null ? CryptoSuite.defaults() : CryptoSuite.builder().provider(provider).build();
    }
}
