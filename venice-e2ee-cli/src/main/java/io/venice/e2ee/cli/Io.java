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

    /** Help text of every command's {@code --provider} option. */
    static final String PROVIDER_HELP = "Force one crypto provider for every primitive (bc serves all; native serves only secp256k1; jca's secp256k1 needs a JCA provider offering the curve); a primitive it cannot serve is refused by name. Without it: the best provider per primitive.";

    /** The default suite, or every primitive from the provider named {@code provider} when it is given. */
    static CryptoSuite suite(String provider) {
        return provider == null ? CryptoSuite.defaults() : CryptoSuite.builder().provider(provider).build();
    }
}
