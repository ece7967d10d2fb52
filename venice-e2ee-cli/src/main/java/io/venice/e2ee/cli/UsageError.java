package io.venice.e2ee.cli;

import picocli.CommandLine;

/**
 * A usage error a command raises with a message of its own, which names options and never repeats a value given
 * on the command line; picocli's own usage errors, which do repeat them, are described afresh by {@link Failures}.
 */
final class UsageError extends CommandLine.ParameterException {
    private static final long serialVersionUID = 1L;

    /** Creates the error for {@code cmd} with {@code message}, which must hold no value from the command line. */
    UsageError(CommandLine cmd, String message) {
        super(cmd, message);
    }
}
