package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.simulator.AciGeneration;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.VeniceSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code venice-e2ee simulator}: runs a local Venice-compatible TEE endpoint until interrupted. The first line on
 * stdout is its base URL (including {@code /api/v1}); everything else goes to stderr.
 */
@Command(name = "simulator",
        mixinStandardHelpOptions = true,
        description = {"Runs a local Venice-compatible TEE/E2EE endpoint (synthetic evidence signed by generated test roots,"
                + " which nothing trusts unless told to) until interrupted.",
            "Prints its base URL on the first line of stdout."})
final class SimulatorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 0;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--export-trust-anchors", paramLabel = "DIR",
            description = "Write the test roots a client must trust as " + VeniceSimulator.TDX_ROOT_FILE + " (PCK chain,"
                    + " TCB info, QE identity, CRLs), " + VeniceSimulator.NVIDIA_ROOT_FILE + " (GPU devices) and "
                    + VeniceSimulator.NRAS_ROOT_FILE + " (the NRAS signing key) into DIR.")
    Path exportDir;

    @Option(names = "--tcb-status", paramLabel = "STATUS",
            description = "The TCB status the simulated collateral gives the platform, as Intel spells it (default"
                    + " UpToDate; e.g. OutOfDate, SWHardeningNeeded, Revoked).")
    String tcbStatus;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Accept only this bearer key (default: any key, or none, so a client without a key works).")
    String apiKey;

    @Option(names = "--fault", paramLabel = "NAME", split = ",",
            description = "Switch a fault on for every request (repeatable): debug-quote, wrong-nonce, reportdata-other-key,"
                    + " address-mismatch, sha256-nonce-binding, tampered-quote, nvidia-wrong-nonce, unverified, key-rotation,"
                    + " plaintext-downgrade, corrupt-chunk, truncate-stream, split-bytes, slow-drip, plaintext-reasoning,"
                    + " split-utf8, repeat-ephemeral-key, signature-other-key, compose-wrong-nonce, compose-other-td,"
                    + " compose-actions-tampered, gateway-wrong-nonce, gateway-other-keyset, gateway-tampered-quote,"
                    + " gateway-resigned-quote, server-error, rate-limit, revoked-pck, out-of-date-tcb,"
                    + " expired-collateral, pcs-unavailable, nras-unavailable, nras-attestation-failed.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--chunk-size", paramLabel = "N", description = "Reply characters per streamed chunk (default: ${DEFAULT-VALUE}).")
    int chunkSize = 8;

    @Option(names = "--chunk-delay-ms", paramLabel = "MS", description = "Pause between streamed chunks (default: ${DEFAULT-VALUE}).")
    long chunkDelayMillis = 0;

    @Option(names = "--reasoning", description = "Stream reasoning deltas before the content.")
    boolean reasoning;

    @Option(names = "--reasoning-field", paramLabel = "NAME",
            description = "The field reasoning is streamed in: reasoning_content (default) or reasoning.")
    String reasoningField = "reasoning_content";

    @Option(names = "--aci-generation", paramLabel = "FORM",
            description = "The form of the -p models' aci/1 envelope and receipts: current (default) or early (until"
                    + " August 2026: workload id, keyset epoch and endorsement).")
    String aciGeneration = "current";

    /** Holds the command until Ctrl+C, which waits for what it serves to close. */
    private final UntilShutdown untilShutdown = new UntilShutdown();

    @Override
    public Integer call() throws Exception {
        VeniceSimulator.Builder builder = VeniceSimulator.builder().port(port).host(host).reasoning(reasoning);
        if (apiKey != null) {
            builder.apiKey(apiKey);
        } else {
            builder.allowMissingApiKey(true);
        }
        try {
            builder.chunkSize(chunkSize).chunkDelay(Duration.ofMillis(chunkDelayMillis));
        } catch (IllegalArgumentException e) {
            throw new UsageError(spec.commandLine(), "--chunk-size takes 1 or more and --chunk-delay-ms 0 or more");
        }
        try {
            builder.reasoningField(reasoningField);
        } catch (IllegalArgumentException e) {
            throw new UsageError(spec.commandLine(), "--reasoning-field takes reasoning_content or reasoning");
        }
        try {
            builder.aciGeneration(AciGeneration.parse(aciGeneration));
        } catch (IllegalArgumentException e) {
            throw new UsageError(spec.commandLine(), "--aci-generation takes one of early, current");
        }
        if (tcbStatus != null) {
            // named without the value typed, as every usage error
            builder.tcbStatus(TcbStatus.fromIntelName(tcbStatus.strip()).orElseThrow(() -> new UsageError(
                    spec.commandLine(), "--tcb-status takes one of Intel's: " + java.util.Arrays.stream(
                            TcbStatus.values()).map(TcbStatus::intelName)
                            .collect(java.util.stream.Collectors.joining(", ")))));
        }
        for (String f : faults) {
            try {
                builder.faults(Fault.fromName(f));
            } catch (IllegalArgumentException e) {
                // the simulator's message repeats the name as typed; a usage error repeats nothing typed
                throw new UsageError(spec.commandLine(), "--fault takes one of " + java.util.Arrays.stream(
                        Fault.values()).map(Fault::headerName).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (VeniceSimulator sim = builder.build()) {
            URI base;
            try {
                base = sim.start();
            } catch (IllegalStateException e) {
                throw new InvalidInputException(e.getMessage() + "; choose another --port or --host");
            }
            // the roots are on disk before the URL is printed: a script that waits for the URL may read them at once
            if (exportDir != null) {
                for (Path p : sim.exportTrustAnchors(exportDir)) {
                    err.println("test root written: " + p.toAbsolutePath());
                }
            }
            out.println(base);
            out.flush();
            err.println("models: " + String.join(", ", sim.models()));
            err.println("collateral: " + sim.pcsBaseUrl() + " (Intel PCS v4 paths); NRAS: " + sim.nrasBaseUrl()
                    + "; request log: " + base.resolve("/_sim/requests"));
            err.println("the evidence is synthetic: trust the exported test roots only in tests; stop with Ctrl+C");
            err.flush();
            untilShutdown.await("venice-simulator-shutdown");
        } finally {
            untilShutdown.closed();
        }
        return ExitCode.OK;
    }
}
