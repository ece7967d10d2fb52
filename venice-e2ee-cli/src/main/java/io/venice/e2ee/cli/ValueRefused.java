package io.venice.e2ee.cli;

import picocli.CommandLine;

/**
 * A converter's refusal of an option value whose message says what the option accepts and never repeats the value,
 * so {@link Failures} may show it (picocli's own conversion messages quote the value, and are not shown).
 */
final class ValueRefused extends CommandLine.TypeConversionException {
    private static final long serialVersionUID = 1L;

    /** Creates the refusal with {@code accepted}, e.g. "the levels are basic, tdx, dcap and full". */
    ValueRefused(String accepted) {
        super(accepted);
    }
}
