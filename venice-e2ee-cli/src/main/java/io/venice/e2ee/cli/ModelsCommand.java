package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.client.VeniceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code models}: the models the server lists, with their TEE and E2EE capabilities. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models with their capabilities: TEE (attestable enclave) and E2EE (end-to-end"
                + " encryption).")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VeniceOptions options;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--private-only", description = "Only models with TEE or E2EE support.")
    boolean privateOnly;

    @Override
    public Integer call() throws Exception {
        List<ModelInfo> models;
        try (VeniceClient client = options.requireClient()) {
            models = client.listModels();
        }
        if (privateOnly) {
            models = models.stream().filter(m -> m.supportsTeeAttestation() || m.supportsE2ee()).toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(VeniceJson.newMapper().writeValueAsString(models));
        } else {
            int width = models.stream().mapToInt(m -> m.id() == null ? 0 : m.id().length()).max().orElse(2);
            out.println(String.format("%-" + width + "s  %-3s  %-4s", "ID", "TEE", "E2EE"));
            for (ModelInfo m : models) {
                out.println(String.format("%-" + width + "s  %-3s  %-4s", m.id(), m.supportsTeeAttestation() ? "yes" : "-",
                        m.supportsE2ee() ? "yes" : "-"));
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
