package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code decrypt}: one hex envelope on standard input opened with a private key; the plaintext on standard output. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt one hex envelope read from standard input (surrounding whitespace ignored) with a"
                + " secp256k1 private key; print the plaintext exactly.")
final class DecryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--private-key", required = true, paramLabel = "HEX",
            description = "Recipient private key: 64 hex digits.")
    String privateKey;

    @Mixin
    ProviderOption provider;

    @Override
    public Integer call() {
        String text = privateKey.trim();
        if (text.length() != 64 || !Hex.isHex(text)) {
            throw new InvalidInputException("private key must be 64 hex digits");
        }
        CryptoSuite suite = provider.suite();
        String envelope = Io.readStdinUtf8().strip();
        byte[] d = Hex.decode(text);
        try (SecretBytes key = SecretBytes.wrap(d); EcdhKeyPair pair = suite.keyAgreement().keyPair(key)) {
            String plaintext = new EnvelopeCipher(suite).openToString(pair, envelope);
            spec.commandLine().getOut().print(plaintext);
            spec.commandLine().getOut().flush();
        } catch (InvalidPrivateKeyException e) {
            throw new InvalidInputException("private key refused: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
