package io.venice.e2ee.cli;

import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.signature.SignatureReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code verify-signature}: fetch a completion's response signature and check that its signer is the enclave a
 * fresh attestation vouches for. The hashes cannot be checked here (the bytes were not kept): reported unverifiable.
 */
@Command(name = "verify-signature", mixinStandardHelpOptions = true,
        description = {"Fetch the response signature of a completion and verify it: EIP-191 signature, signer equal"
                + " to the address of a freshly attested enclave key.",
            "The request/response hashes need the exact bytes, which only 'chat --verify-signature' keeps: here they"
                + " are reported UNVERIFIABLE. Exit 1 if anything checked is wrong."})
final class VerifySignatureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VeniceOptions options;

    @Mixin
    GatewayOption gateway;

    @Option(names = "--model", paramLabel = "ID", required = true, description = "The model that answered.")
    String model;

    @Option(names = "--request-id", paramLabel = "ID", required = true, description = "The completion id (chatcmpl-...).")
    String requestId;

    @Override
    public Integer call() {
        SignatureReport report;
        try (VeniceClient client = gateway.apply(options.requireClientBuilder()).build()) {
            report = client.verifySignature(model, requestId);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.summary());
        out.flush();
        if (report.verdict() == SignatureReport.Verdict.FAILED) {
            spec.commandLine().getErr().println("verify-signature: the response signature does not verify");
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }
}
