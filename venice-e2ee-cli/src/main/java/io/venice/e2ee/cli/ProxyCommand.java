package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.proxy.ListenAddress;
import io.venice.e2ee.proxy.ProxyException;
import io.venice.e2ee.proxy.VeniceProxy;
import io.venice.e2ee.simulator.VeniceSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code venice-e2ee proxy}: a local OpenAI-compatible endpoint that gives any program verified end-to-end
 * encryption, until interrupted. The first line on stdout is its OpenAI base URL (including {@code /v1}); the log
 * goes to stderr. The verification options are {@code chat}'s, from the same mixin.
 */
@Command(name = "proxy",
        mixinStandardHelpOptions = true,
        description = {"Runs a local OpenAI-compatible endpoint (POST /v1/chat/completions, GET /v1/models,"
                + " GET /v1/e2ee/attestation?model=, GET /health, GET /metrics) that attests each model, verifies the"
                + " attestation under the policy, encrypts every prompt to the attested key and decrypts the answer.",
            "Any OpenAI client works unchanged with its base URL set to the printed one. Without "
                + VeniceOptions.API_KEY_ENV + " and without --upstream or --base-url, runs in front of the embedded"
                + " Venice simulator (trusting its test roots).",
            "Prints the base URL on the first line of stdout; stop it with Ctrl+C."})
final class ProxyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VeniceOptions options;

    @Mixin
    AuditOptions audit;

    @Mixin
    GatewayOption gateway;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8788",
            description = "Address to listen on (default ${DEFAULT-VALUE}; port 0 picks a free one). A non-loopback"
                    + " address needs --allow-remote.")
    String listen;

    @Option(names = "--upstream", paramLabel = "URL",
            description = "Venice's API base URL including /api/v1 (default https://api.venice.ai/api/v1); the same"
                    + " as --base-url.")
    URI upstream;

    @Option(names = "--allow-remote",
            description = "Allow a non-loopback --listen address: anyone who reaches it can use the proxy and its API"
                    + " key.")
    boolean allowRemote;

    @Option(names = "--allow-tee-only",
            description = "Serve requests that ask for TEE-only mode (header X-Venice-E2EE-Mode: tee-only, or"
                    + " venice_parameters.enable_e2ee=false): attested, but Venice can read them.")
    boolean allowTeeOnly;

    @Option(names = "--verify-signature",
            description = "Check each answer's response signature once it is complete (X-Venice-Signature header,"
                    + " a trailer for streams that ask with TE: trailers, the log and the metrics).")
    boolean verifySignature;

    /** Holds the command until Ctrl+C, which waits for what it serves to close. */
    private final UntilShutdown untilShutdown = new UntilShutdown();

    @Override
    public Integer call() {
        ListenAddress address;
        try {
            address = ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            // named without the value typed, as every usage error
            throw new UsageError(spec.commandLine(), "--listen takes HOST:PORT, e.g. 127.0.0.1:8788 (port 0 picks a"
                    + " free one)");
        }
        if (upstream != null && options.baseUrl != null && !upstream.equals(options.baseUrl)) {
            throw new UsageError(spec.commandLine(), "--upstream and --base-url name different servers; give one");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!address.isLoopback()) {
            if (!allowRemote) {
                throw new InvalidInputException(new ProxyException.RemoteListenRefused(address).getMessage());
            }
            err.println("warning: listening on " + address + ", which is not loopback: anyone who reaches it can send"
                    + " prompts through this proxy" + (options.apiKey() != null ? " with its API key" : ""));
            err.flush();
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s proxy: %5$s%6$s%n");
        }
        URI base = upstream != null ? upstream : options.baseUrl;
        String key = options.apiKey();
        VeniceSimulator sim = null;
        List<X509Certificate> anchors = List.of();
        try {
            Function<String, VeniceClient.Builder> settings;
            if (base == null && key == null) {
                VeniceSimulator embedded = VeniceOptions.startSimulator();
                sim = embedded;
                base = sim.baseUrl();
                key = "local-simulator";
                anchors = sim.trustAnchors();
                // the simulator's collateral and NRAS services too, as chat uses them; the proxy sets base and key
                settings = apiKey -> audit.apply(gateway.apply(options.simulatorClientBuilder(embedded)));
                err.println("No " + VeniceOptions.API_KEY_ENV + " and no --upstream: in front of the embedded Venice"
                        + " simulator at " + base + " (its collateral and NRAS services too), trusting its test roots.");
            } else {
                URI upstreamUrl = base != null ? base : options.baseUrlOrDefault();
                base = upstreamUrl;
                settings = apiKey -> audit.apply(gateway.apply(options.clientBuilder(upstreamUrl, apiKey,
                        List.of())));
            }
            URI upstreamUrl = base;
            VeniceProxy.Builder builder = VeniceProxy.builder().listen(address).allowRemote(allowRemote)
                    .upstream(upstreamUrl).apiKey(key).allowTeeOnly(allowTeeOnly).verifySignatures(verifySignature)
                    .client(settings);
            // every option of the shared mixin is read once here, so a bad trust anchor fails before listening
            VerificationPolicy policy = options.policyBuilder(anchors).build();
            try (VeniceProxy proxy = builder.build()) {
                URI url = proxy.start();
                out.println(url);
                out.flush();
                err.println("upstream " + upstreamUrl + ", policy " + policy.level().label() + ", "
                        + (allowTeeOnly ? "TEE-only on request" : "end-to-end encryption only")
                        + (verifySignature ? ", response signatures checked" : "") + "; stop with Ctrl+C");
                err.flush();
                untilShutdown.await("venice-proxy-shutdown");
            } catch (ProxyException e) {
                throw new InvalidInputException(e.getMessage());
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
            untilShutdown.closed();
        }
        return ExitCode.OK;
    }
}
