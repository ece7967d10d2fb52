package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.CryptoSuite;
import picocli.CommandLine.Option;

/** The {@code --provider} option of every command that does crypto, declared once. */
final class ProviderOption {
    @Option(names = "--provider", paramLabel = "NAME",
            description = "Force one crypto provider for every primitive (bc serves all; native serves only secp256k1;"
                    + " jca's secp256k1 needs a JCA provider offering the curve); a primitive it cannot serve is"
                    + " refused by name. Without it: the best provider per primitive.")
    String name;

    /** The default suite, or every primitive from the named provider when one is given. */
    CryptoSuite suite() {
        return name == null ? CryptoSuite.defaults() : CryptoSuite.builder().provider(name).build();
    }
}
