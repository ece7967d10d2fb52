package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.audit.AuditResult;
import io.venice.e2ee.client.audit.AuditVerifier;
import io.venice.e2ee.signature.SignatureReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code audit}: works on the audit bundles {@code chat} and {@code attest} write with {@code --audit-dir}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check audit bundles written by 'chat --audit-dir' and 'attest --audit-dir'.",
        subcommands = {CommandLine.HelpCommand.class, AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
    }

    /** {@code audit verify DIR}: every check of every bundle again, offline, from the bundles alone. */
    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Re-run every check of an audit bundle offline, from the bundle alone, and print the report:"
                    + " the manifest (every file edited, removed or added is named), the attestation's checks under"
                    + " the recorded policy with the recorded collateral and NRAS answers, and a completion's response"
                    + " signature over the recorded request and response bytes, each compared with what was recorded.",
                "DIR is one bundle or a directory of bundles (checked in time order).",
                "Exit 0 when every bundle is intact and passes, 1 otherwise, 2 on a usage error."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "A bundle, or the --audit-dir holding bundles.")
        Path dir;

        @Option(names = "--at", paramLabel = "ISO-8601",
                description = "Verify at this time instead of the recorded verification time (then the outcome is not"
                        + " compared with the recorded one).")
        String at;

        @Option(names = "--trust-anchor", paramLabel = "PEM",
                description = "Trust this root (PEM or DER) besides the pinned Intel and NVIDIA roots, instead of the"
                        + " extra anchors recorded in the bundle (repeatable). Without it a bundle of a test PKI is"
                        + " checked with the anchors it records, which vouch for themselves.")
        List<Path> trustAnchors = new ArrayList<>();

        @Option(names = "--min-level", paramLabel = "LEVEL", defaultValue = "full",
                converter = VeniceOptions.LevelConverter.class,
                description = "Refuse a bundle recorded at a lower policy level than this (default ${DEFAULT-VALUE};"
                        + " a bundle whose recorded policy was lowered checks less).")
        VerificationPolicy.Level minLevel;

        @Option(names = "--json", description = "Print the results as JSON.")
        boolean json;

        @Mixin
        ProviderOption provider;

        @Override
        public Integer call() {
            Instant time = time();
            List<X509Certificate> anchors = anchors();
            List<Path> bundles;
            try {
                bundles = AuditVerifier.bundles(dir);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + dir + ": " + e.getMessage());
            }
            if (bundles.isEmpty()) {
                throw new InvalidInputException(dir + " holds no audit bundle (a bundle has a manifest.sha256)");
            }
            AuditVerifier verifier = new AuditVerifier(provider.suite());
            List<AuditResult> results = new ArrayList<>();
            for (Path b : bundles) {
                results.add(verifier.verify(b, time, anchors));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(results));
            } else {
                results.forEach(r -> print(out, r, tooLow(r)));
            }
            out.flush();
            long failed = results.stream().filter(r -> !r.passed() || tooLow(r) != null).count();
            if (failed > 0) {
                AuditResult first = results.stream().filter(r -> !r.passed() || tooLow(r) != null).findFirst()
                        .orElseThrow();
                List<String> problems = new ArrayList<>(first.problems());
                if (tooLow(first) != null) {
                    problems.add(0, tooLow(first));
                }
                spec.commandLine().getErr().println("audit verify: " + failed + " of " + results.size()
                        + " bundles do not verify; " + first.bundle().getFileName() + ": "
                        + (problems.isEmpty() ? "it does not pass" : problems.get(0))
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
                spec.commandLine().getErr().flush();
                return ExitCode.REFUSED;
            }
            return ExitCode.OK;
        }

        /** Why {@code r} is below {@code --min-level}, or null when it is not. */
        private String tooLow(AuditResult r) {
            VerificationReport vr = r.report();
            if (vr == null || vr.level().includes(minLevel)) {
                return null;
            }
            return "recorded at policy level " + vr.level().label() + ", below the minimum " + minLevel.label()
                    + " (give --min-level " + vr.level().label() + " to accept it)";
        }

        private Instant time() {
            if (at == null) {
                return null;
            }
            try {
                return Instant.parse(at.strip());
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--at must be an ISO-8601 instant such as 2026-04-24T01:58:41Z");
            }
        }

        private List<X509Certificate> anchors() {
            if (trustAnchors.isEmpty()) {
                return null;
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Path p : trustAnchors) {
                try {
                    out.addAll(Pem.certificates(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new InvalidInputException("cannot read trust anchor " + p + ": " + e.getMessage());
                } catch (CertificateException e) {
                    throw new InvalidInputException("trust anchor " + p + " is not a PEM or DER certificate");
                }
            }
            return out;
        }

        private static void print(PrintWriter out, AuditResult r, String tooLow) {
            out.println("Bundle " + r.bundle() + " (" + r.kind() + " of " + r.model() + ")");
            if (r.error() != null) {
                out.println("  ✗ " + r.error());
            }
            out.println(r.manifest().isEmpty() ? "  ✓ manifest: every file as written"
                    : "  ✗ manifest: " + String.join("; ", r.manifest()));
            VerificationReport vr = r.report();
            if (vr != null) {
                out.println("  attestation at policy level " + vr.level().label() + ", at " + r.at()
                        + (r.at().equals(r.recordedAt()) ? " (the recorded time)" : " (recorded " + r.recordedAt()
                        + ")") + (r.recordedAnchors() ? "" : ", with the given trust anchors") + ":");
                for (VerificationReport.Check c : vr.checks()) {
                    String mark = switch (c.status()) {
                        case PASS -> "✓";
                        case FAIL -> "✗";
                        case SKIP -> "–";
                    };
                    out.println("    " + mark + " " + c.id() + "  " + c.reason());
                }
                out.println("    " + vr.summary());
            }
            SignatureReport s = r.signature();
            if (s != null) {
                out.println("  " + s.summary().replace("\n", "\n    "));
            } else if (r.kind().equals("completion")) {
                out.println("  ✗ no response signature in the bundle");
            }
            for (String d : r.differences()) {
                out.println("  ✗ " + d);
            }
            if (tooLow != null) {
                out.println("  ✗ " + tooLow);
            }
            out.println("  Verdict: " + (r.passed() && tooLow == null ? "VERIFIED" : r.intact() ? "INTACT, DOES NOT PASS"
                    : "NOT AS RECORDED"));
        }

        private String json(List<AuditResult> results) {
            ObjectMapper m = new ObjectMapper();
            ArrayNode list = m.createArrayNode();
            for (AuditResult r : results) {
                ObjectNode o = list.addObject();
                o.put("bundle", r.bundle().toString());
                o.put("kind", r.kind());
                o.put("model", r.model());
                o.put("passed", r.passed() && tooLow(r) == null);
                if (tooLow(r) != null) {
                    o.put("below_min_level", tooLow(r));
                }
                o.put("intact", r.intact());
                o.put("at", r.at() == null ? null : r.at().toString());
                if (r.error() != null) {
                    o.put("error", r.error());
                }
                ArrayNode mf = o.putArray("manifest");
                r.manifest().forEach(mf::add);
                ArrayNode diff = o.putArray("differences");
                r.differences().forEach(diff::add);
                if (r.report() != null) {
                    try {
                        o.set("report", m.readTree(r.report().toJson()));
                    } catch (IOException e) {
                        o.put("report", r.report().toJson());
                    }
                }
                if (r.signature() != null) {
                    o.put("signature", r.signature().verdict().name());
                }
                ArrayNode p = o.putArray("problems");
                r.problems().forEach(p::add);
            }
            return list.toString();
        }
    }
}
