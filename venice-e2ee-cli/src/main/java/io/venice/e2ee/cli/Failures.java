package io.venice.e2ee.cli;

import io.venice.e2ee.VeniceE2eeException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns every failure of every command into an exit code and one line on stderr, never a stack trace: library
 * errors ({@link VeniceE2eeException}) and refused input ({@link InvalidInputException},
 * {@link IllegalArgumentException}, I/O) give {@link ExitCode#REFUSED}; picocli's usage errors give {@link ExitCode#USAGE}.
 * The library's messages never contain key material, and neither do the commands'.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String message;
        if (e instanceof VeniceE2eeException || e instanceof InvalidInputException
                || e instanceof IllegalArgumentException) {
            message = e.getMessage();
        } else if (e instanceof UncheckedIOException || e instanceof IOException) {
            message = "I/O failed: " + e.getMessage();
        } else {
            message = "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        cmd.getErr().println(oneLine(cmd.getCommandName() + ": " + message));
        cmd.getErr().flush();
        return ExitCode.REFUSED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(oneLine(cmd.getCommandName() + ": " + e.getMessage())
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
