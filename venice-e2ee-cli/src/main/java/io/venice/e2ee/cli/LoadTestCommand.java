package io.venice.e2ee.cli;

import io.venice.e2ee.cli.load.LoadReport;
import io.venice.e2ee.cli.load.LoadTest;
import io.venice.e2ee.cli.load.Via;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code venice-e2ee loadtest}: N concurrent E2EE streams through the client library or the proxy against the
 * embedded simulator, optionally into faults; prints what completed, what failed and with which error, and whether
 * any chunk was lost. Exits 1 when something was lost or left behind.
 */
@Command(name = "loadtest",
        mixinStandardHelpOptions = true,
        description = {"Runs N concurrent E2EE streams through the client library or through the proxy against the"
                + " embedded Venice simulator and checks that none loses a chunk.",
            "With --faults, half the streams (chosen from --seed) meet one fault each: a disconnect, a truncated,"
                + " corrupted, reordered or byte-split stream, a slow drip, HTTP 429/500/502, or an attestation from a"
                + " debug enclave, for another nonce or tampered. Every stream must end whole or with a typed error,"
                + " and a whole one must have every chunk the simulator sent, in order.",
            "Exit code 1 if a chunk was lost, a stream unaccounted for, a failure untyped, or a thread or connection"
                + " left open."})
final class LoadTestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProviderOption provider;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "100",
            description = "Concurrent streams (default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--via", paramLabel = "PATH", defaultValue = "client",
            description = "client (the client library, a session per stream) or proxy (OpenAI requests to the"
                    + " proxy); default ${DEFAULT-VALUE}.")
    String via;

    @Option(names = "--faults", description = "Send half the streams into faults.")
    boolean faults;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed that picks each stream's fault (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "How long the streams may take in all; those without an outcome by then count as failed"
                    + " (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        if (streams < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--streams must be at least 1");
        }
        Via path = switch (via.toLowerCase(Locale.ROOT)) {
            case "client" -> Via.CLIENT;
            case "proxy" -> Via.PROXY;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--via must be client or proxy, not '" + via + "'");
        };
        LoadReport report = LoadTest.builder().streams(streams).via(path).faults(faults).seed(seed)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .client(sim -> LoadTest.simulatorClient(sim).crypto(provider.suite())).build().run();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        out.flush();
        return report.clean() ? ExitCode.OK : ExitCode.REFUSED;
    }
}
