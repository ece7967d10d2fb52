package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code decrypt}: one hex envelope opened with a private key read from a file or standard input, never from the
 * command line (where every user sees it in the process list and the shell keeps it in its history); the plaintext
 * on standard output.
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypt one hex envelope (surrounding whitespace ignored) with a secp256k1 private key of 64"
                + " hex digits; print the plaintext, with terminal control characters removed unless --raw.",
            "The key comes from a file (--private-key-file FILE, the envelope then on standard input) or from"
                + " standard input (--private-key -: the key on the first line, the envelope after it); never from"
                + " the command line, where other users see it in the process list and the shell keeps it."})
final class DecryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource key;

    /** Where the private key comes from: exactly one of the two. */
    static final class KeySource {
        @Option(names = "--private-key", paramLabel = "-",
                description = "'-': read the key from the first line of standard input (the envelope follows it)."
                        + " A key itself is refused here.")
        String privateKey;

        @Option(names = "--private-key-file", paramLabel = "FILE",
                description = "Read the key (64 hex digits) from this file; the envelope comes on standard input.")
        Path privateKeyFile;
    }

    @Option(names = "--raw", description = "Print the plaintext byte for byte, control characters included (for a"
            + " file or a pipe, never a terminal).")
    boolean raw;

    @Mixin
    ProviderOption provider;

    @Override
    public Integer call() {
        if (key.privateKey != null && !"-".equals(key.privateKey)) {
            throw new UsageError(spec.commandLine(), "--private-key takes only '-' (the key on the first line of"
                    + " standard input) or use --private-key-file FILE: a key on the command line is visible to every"
                    + " user in the process list and stays in the shell history, so it is not accepted (consider a key"
                    + " passed that way exposed)");
        }
        CryptoSuite suite = provider.suite();
        byte[] input = Io.readStdin();
        byte[] d;
        String envelope;
        try {
            if (key.privateKeyFile != null) {
                d = keyFromFile(key.privateKeyFile);
                envelope = Io.utf8(input, 0, input.length);
            } else {
                int newline = indexOf(input, (byte) '\n');
                if (newline < 0) {
                    throw new InvalidInputException("--private-key - reads the key from the first line of standard"
                            + " input and the envelope from the lines after it; there is no line after the key");
                }
                d = parseKey(input, 0, newline, "the first line of standard input");
                envelope = Io.utf8(input, newline + 1, input.length - newline - 1);
            }
        } finally {
            Arrays.fill(input, (byte) 0);
        }
        try (SecretBytes secret = SecretBytes.wrap(d); EcdhKeyPair pair = suite.keyAgreement().keyPair(secret)) {
            String plaintext = new EnvelopeCipher(suite).openToString(pair, envelope.strip());
            PrintWriter out = raw && spec.commandLine().getOut() instanceof TerminalWriter t
                    ? t.raw() : spec.commandLine().getOut();
            out.print(plaintext);
            out.flush();
        } catch (InvalidPrivateKeyException e) {
            throw new InvalidInputException("private key refused: " + e.getMessage());
        }
        return ExitCode.OK;
    }

    private static byte[] keyFromFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            // not named: a key typed where its file name belongs would be repeated on the screen
            throw new InvalidInputException("cannot read the file given to --private-key-file");
        }
        try {
            return parseKey(bytes, 0, bytes.length, "the file given to --private-key-file");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** 64 hex digits, surrounding whitespace ignored, read without making a String of them (which cannot be wiped). */
    private static byte[] parseKey(byte[] in, int from, int to, String where) {
        while (from < to && Character.isWhitespace(in[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(in[to - 1])) {
            to--;
        }
        char[] digits = new char[to - from];
        try {
            for (int i = 0; i < digits.length; i++) {
                digits[i] = (char) (in[from + i] & 0xff);
            }
            CharBuffer text = CharBuffer.wrap(digits);
            if (digits.length != 64 || !Hex.isHex(text)) {
                throw new InvalidInputException("the private key in " + where + " must be 64 hex digits");
            }
            return Hex.decode(text);
        } finally {
            Arrays.fill(digits, '\0');
        }
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
