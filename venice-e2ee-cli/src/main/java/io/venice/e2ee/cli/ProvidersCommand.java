package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.crypto.CryptoConfigurationException;
import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code providers}: which crypto providers were found, whether each is built in (chosen automatically) or used
 * only when named, which were refused and why, what each can serve here (with its timing guarantee and its
 * known-answer test) and why not, and what is chosen.
 */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List the crypto providers found: built in (trusted, chosen automatically) or not (used only"
                + " when named), and any refused (a class claiming a built-in name, or two claiming one name); per"
                + " primitive whether each is available (and why not), its timing guarantee (constant time, blinded"
                + " variable time, variable time, public inputs only) and its known-answer test; and which one is"
                + " chosen. Exit 1 if the chosen configuration cannot serve an envelope.")
final class ProvidersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CryptoProviders.Discovery discovery = CryptoProviders.discovered();
        List<CryptoProvider> providers = discovery.usable();
        String forced = System.getProperty(CryptoProviders.PROVIDER_PROPERTY);
        CryptoSuite suite = null;
        String problem = null;
        try {
            suite = CryptoSuite.defaults();
        } catch (CryptoConfigurationException e) {
            problem = e.getMessage();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(discovery, forced, suite, problem));
        } else {
            printText(out, discovery, forced, suite, problem);
        }
        out.flush();
        if (problem != null) {
            spec.commandLine().getErr().println("providers: " + problem);
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    private static String toJson(CryptoProviders.Discovery discovery, String forced, CryptoSuite suite,
                                 String problem) throws Exception {
        ObjectMapper mapper = VeniceJson.newMapper();
        ObjectNode root = mapper.createObjectNode();
        var list = root.putArray("providers");
        for (CryptoProvider p : discovery.usable()) {
            ObjectNode node = list.addObject();
            node.put("name", p.name());
            node.put("class", p.getClass().getName());
            node.put("built_in", CryptoProviders.isBuiltIn(p));
            ObjectNode primitives = node.putObject("primitives");
            for (Primitive primitive : Primitive.values()) {
                Availability a = p.availability(primitive);
                ObjectNode pn = primitives.putObject(primitive.name());
                pn.put("available", a.available());
                if (a.available()) {
                    pn.put("priority", a.priority());
                    pn.put("timing", a.timing().name());
                    pn.put("known_answer_test", CryptoProviders.selfTest(p, primitive).map(f -> "failed: " + f)
                            .orElse("passed"));
                }
                pn.put("detail", a.detail());
            }
        }
        var refused = root.putArray("refused");
        for (CryptoProviders.Refused r : discovery.refused()) {
            refused.addObject().put("name", r.name()).put("class", r.className()).put("reason", r.reason());
        }
        if (forced == null || forced.isBlank()) {
            root.putNull("forced");
        } else {
            root.put("forced", forced);
        }
        ObjectNode chosen = root.putObject("chosen");
        for (Primitive primitive : Primitive.values()) {
            if (suite == null || suite.providerName(primitive).equals("none")) {
                chosen.putNull(primitive.name());
            } else {
                chosen.put(primitive.name(), suite.providerName(primitive));
            }
        }
        if (problem == null) {
            root.putNull("error");
        } else {
            root.put("error", problem);
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void printText(PrintWriter out, CryptoProviders.Discovery discovery, String forced,
                                  CryptoSuite suite, String problem) {
        List<CryptoProvider> providers = discovery.usable();
        out.println("Crypto providers found: " + (providers.isEmpty() ? "none"
                : String.join(", ", providers.stream().map(CryptoProvider::name).toList())));
        for (CryptoProvider p : providers) {
            out.println();
            out.println(p.name() + " (" + p.getClass().getName() + "): " + (CryptoProviders.isBuiltIn(p)
                    ? "built in, chosen automatically" : "not built in, used only when named"));
            for (Primitive primitive : Primitive.values()) {
                Availability a = p.availability(primitive);
                out.printf("  %-30s %-14s %-23s %s%n", primitive.displayName(),
                        a.available() ? "yes (prio " + a.priority() + ")" : "no",
                        a.available() ? a.timing().label() : "-", a.detail());
                if (a.available()) {
                    out.printf("  %-30s known-answer test %s%n", "", CryptoProviders.selfTest(p, primitive)
                            .map(f -> "FAILED: " + f + " (never used)").orElse("passed"));
                }
            }
        }
        for (CryptoProviders.Refused r : discovery.refused()) {
            out.println();
            out.println("REFUSED " + r.name() + " (" + r.className() + "): " + r.reason() + "; it is never used");
        }
        out.println();
        out.println(forced == null || forced.isBlank() ? "Chosen (best available per primitive):"
                : "Chosen (forced by -D" + CryptoProviders.PROVIDER_PROPERTY + "=" + forced + "):");
        for (Primitive primitive : Primitive.values()) {
            out.printf("  %-30s %s%n", primitive.displayName(), suite == null ? "-" : suite.providerName(primitive));
        }
        if (problem != null) {
            out.println();
            out.println("Problem: " + problem);
        }
    }
}
