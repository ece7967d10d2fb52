package io.venice.e2ee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code venice-e2ee} command. */
@Command(name = "venice-e2ee",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Private inference on Venice's TEE and end-to-end-encrypted models.",
        subcommands = {
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code: 0 success, 1 refused input or failed check, 2 usage error. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
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
