package io.venice.e2ee.cli;

import io.venice.e2ee.VeniceE2eeException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns every failure of every command into an exit code and one line on stderr, never a stack trace: library
 * errors ({@link VeniceE2eeException}) and refused input ({@link InvalidInputException},
 * {@link IllegalArgumentException}, I/O) give {@link ExitCode#REFUSED}; usage errors give {@link ExitCode#USAGE}.
 * The library's messages never contain key material, and neither do the commands'.
 *
 * <p>A usage error never repeats what was typed: a private key passed to the wrong option, or with a mistyped option
 * name, would otherwise be echoed to the terminal and into logs. Picocli's messages quote the values, so they are
 * not used; the message is made here from the kind of error and the names of the options involved, which come from
 * the command's own definition. An unknown token is named only when it has the shape of an option name.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private static final Pattern OPTION_NAME = Pattern.compile("--?[A-Za-z][A-Za-z0-9-]{0,40}");

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
        TerminalWriter.startLine(cmd);
        cmd.getErr().println(TerminalText.oneLine(cmd.getCommandName() + ": " + message));
        cmd.getErr().flush();
        return ExitCode.REFUSED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        TerminalWriter.startLine(cmd);
        cmd.getErr().println(TerminalText.oneLine(cmd.getCommandName() + ": " + describe(e, args))
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    /** What went wrong, from the error's kind and the options' names, with no value from the command line. */
    static String describe(CommandLine.ParameterException e, String[] args) {
        if (e instanceof UsageError) {
            return e.getMessage();
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            CommandLine cmd = e.getCommandLine();
            List<String> parts = new ArrayList<>();
            for (String token : u.getUnmatched()) {
                String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                if (OPTION_NAME.matcher(name).matches()) {
                    parts.add("unknown option " + name);
                } else if (!cmd.getSubcommands().isEmpty()) {
                    parts.add("unknown command (not shown); the commands are "
                            + String.join(", ", cmd.getSubcommands().keySet()));
                    break;
                } else {
                    parts.add("unexpected argument" + position(token, args) + " (not shown)");
                }
            }
            return parts.isEmpty() ? "unexpected argument (not shown)" : String.join("; ", parts);
        }
        if (e instanceof CommandLine.MissingParameterException m) {
            List<String> names = m.getMissing() == null ? List.of()
                    : m.getMissing().stream().map(Failures::name).toList();
            return names.isEmpty() ? "a required option or argument is missing" : "missing " + String.join(", ", names);
        }
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return name(o.getOverwritten()) + " is given more than once";
        }
        if (e instanceof CommandLine.MutuallyExclusiveArgsException) {
            return "options that exclude each other are given together";
        }
        if (e instanceof CommandLine.MaxValuesExceededException) {
            return "too many values" + (e.getArgSpec() == null ? "" : " for " + name(e.getArgSpec()));
        }
        if (e.getArgSpec() != null) {
            return "invalid value for " + name(e.getArgSpec()) + " (not shown)"
                    + (e.getCause() instanceof ValueRefused v ? ": " + v.getMessage() : "");
        }
        return "invalid usage";
    }

    private static String name(ArgSpec spec) {
        if (spec instanceof OptionSpec o) {
            return o.longestName();
        }
        if (spec instanceof PositionalParamSpec p) {
            return p.paramLabel();
        }
        return "an argument";
    }

    private static String position(String token, String[] args) {
        for (int i = 0; args != null && i < args.length; i++) {
            if (args[i].equals(token)) {
                return " at position " + (i + 1);
            }
        }
        return "";
    }
}
