package io.venice.e2ee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * Entry point of the {@code venice-e2ee} command. Every command gets the same exit codes and error handling from
 * here: 0 success, 1 refused input or failed check, 2 usage error, each failure as one line on stderr.
 */
@Command(name = "venice-e2ee",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Private inference on Venice's TEE and end-to-end-encrypted models.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ProvidersCommand.class,
            KeygenCommand.class,
            EncryptCommand.class,
            DecryptCommand.class,
            AttestCommand.class,
            SimulatorCommand.class,
            ChatCommand.class,
            ModelsCommand.class,
            VerifySignatureCommand.class,
            ProxyCommand.class,
            LoadTestCommand.class,
            AuditCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line against the current {@code System.in/out/err} and returns the exit code (for tests). */
    public static int run(String... args) {
        // everything any command prints passes through TerminalText: what a server chose cannot drive the terminal
        PrintWriter out = TerminalWriter.over(System.out);
        PrintWriter err = TerminalWriter.over(System.err);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new Failures());
        cl.setParameterExceptionHandler(new Failures());
        try {
            return cl.execute(args);
        } catch (ExceptionInInitializerError e) {
            // a class that refused to load, e.g. on a system property out of range: its own message, no trace
            Throwable why = e.getCause() == null ? e : e.getCause();
            err.println("venice-e2ee: cannot start: " + why.getMessage());
            return ExitCode.REFUSED;
        } catch (LinkageError e) {
            // a class or native library that cannot load (e.g. a jar left out of the class path): one line, no trace
            err.println("venice-e2ee: cannot load " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return ExitCode.REFUSED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Without a command: the usage on stderr, as a usage error. */
    @Override
    public void run() {
        throw new UsageError(spec.commandLine(), "a command is required");
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"venice-e2ee " + (v == null ? "development build" : v)};
        }
    }
}
