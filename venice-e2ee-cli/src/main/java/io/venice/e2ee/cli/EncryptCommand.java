package io.venice.e2ee.cli;

import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.PublicKeyHex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code encrypt}: standard input (UTF-8) sealed to a public key, printed as one hex envelope. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt standard input (UTF-8 text) to a secp256k1 public key; print one hex envelope.")
final class EncryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--public-key", required = true, paramLabel = "HEX",
            description = "Recipient key: 130 hex digits starting 04, or 128 without the prefix.")
    String publicKey;

    @Mixin
    ProviderOption provider;

    @Override
    public Integer call() {
        byte[] recipient = PublicKeyHex.parse(publicKey);
        String plaintext = Io.readStdinUtf8();
        String envelope = new EnvelopeCipher(provider.suite()).seal(recipient, plaintext);
        spec.commandLine().getOut().println(envelope);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
