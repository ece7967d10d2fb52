package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code attest}: verifies Venice attestation evidence and prints every check, the measurements and the verdict.
 * Offline, the evidence and the nonce it was requested with come from {@code --evidence} and {@code --nonce}; the
 * same verification serves an online source that fetches fresh evidence (see {@link #evidence()}).
 */
@Command(name = "attest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify a Venice TEE attestation (Intel TDX quote, NVIDIA GPU evidence) on this machine.",
            "Online with --model ID (fresh evidence from Venice, or --base-url); offline with --evidence FILE --nonce HEX.",
            "Exit code 0 when the policy passes, 1 when a check fails, 2 on a usage error."})
final class AttestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "ID",
            description = "Online: fetch fresh evidence for this model with a fresh 32-byte nonce (instead of --evidence).")
    String model;

    @Option(names = "--evidence", paramLabel = "FILE", description = "Attestation JSON as served by /tee/attestation.")
    Path evidence;

    @Option(names = "--nonce", paramLabel = "HEX", description = "The 32-byte nonce (64 hex digits) sent with the request.")
    String nonce;

    @Option(names = "--at", paramLabel = "ISO-8601",
            description = "Time to verify at, e.g. 2026-04-24T01:58:41Z (default: now).")
    String at;

    @Option(names = "--collateral", paramLabel = "FILE", description = "Intel collateral (dcap-qvl QuoteCollateralV3 JSON).")
    Path collateral;

    @Option(names = "--nras", paramLabel = "FILE", description = "NVIDIA remote attestation answer (needs --jwks).")
    Path nras;

    @Option(names = "--jwks", paramLabel = "FILE", description = "NVIDIA remote attestation key set (JWKS).")
    Path jwks;

    @Option(names = "--expect-mrtd", paramLabel = "HEX", description = "Allowed MRTD (repeatable).")
    List<String> expectMrtd = new ArrayList<>();

    @Option(names = "--expect-rtmr0", paramLabel = "HEX", description = "Allowed RTMR0 (repeatable).")
    List<String> expectRtmr0 = new ArrayList<>();

    @Option(names = "--expect-rtmr1", paramLabel = "HEX", description = "Allowed RTMR1 (repeatable).")
    List<String> expectRtmr1 = new ArrayList<>();

    @Option(names = "--expect-rtmr2", paramLabel = "HEX", description = "Allowed RTMR2 (repeatable).")
    List<String> expectRtmr2 = new ArrayList<>();

    @Option(names = "--expect-rtmr3", paramLabel = "HEX", description = "Allowed RTMR3 (repeatable).")
    List<String> expectRtmr3 = new ArrayList<>();

    @Option(names = "--expect-mrconfigid", paramLabel = "HEX", description = "Allowed MRCONFIGID (repeatable).")
    List<String> expectMrConfigId = new ArrayList<>();

    @Option(names = "--expect-compose-hash", paramLabel = "HEX",
            description = "Allowed SHA-256 of the app compose (repeatable).")
    List<String> expectComposeHash = new ArrayList<>();

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    VeniceOptions options;

    /** Evidence to verify and the nonce it was requested with. */
    record Evidence(String attestationJson, byte[] nonce) {
    }

    @Override
    public Integer call() {
        VerificationPolicy p = policy();
        Instant time = time();
        Evidence e = evidence();
        VerificationContext.Builder ctx = VerificationContext.builder().expectedNonce(e.nonce()).at(time);
        if (collateral != null) {
            ctx.collateral(Collateral.parse(read(collateral)));
        }
        if (nras != null) {
            ctx.nras(NrasAnswer.parse(read(nras))).jwks(Jwks.parse(read(jwks)));
        }
        AttestationReport report = AttestationReport.parse(e.attestationJson());
        VerificationReport vr = AttestationVerification.verify(report, p, ctx.build());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(vr.toJson());
        } else {
            print(out, report, vr, time);
        }
        out.flush();
        if (!vr.passed()) {
            VerificationReport.Check first = vr.failures().get(0);
            spec.commandLine().getErr().println("attest: verification failed: " + first.id() + ": " + reason(first)
                    .replace('\n', ' ') + (vr.failures().size() > 1 ? " (and " + (vr.failures().size() - 1)
                    + " more)" : ""));
            spec.commandLine().getErr().flush();
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    /** Where the evidence comes from: fetched fresh with {@code --model}, else the file and nonce given. */
    Evidence evidence() {
        if (model != null) {
            if (evidence != null || nonce != null) {
                throw usage("--model fetches fresh evidence with its own nonce; do not combine it with --evidence"
                        + " or --nonce");
            }
            return fetch();
        }
        if (evidence == null) {
            throw usage("--evidence FILE is required");
        }
        if (nonce == null) {
            throw usage("--nonce HEX is required: the nonce the attestation was requested with");
        }
        return new Evidence(read(evidence), nonce(nonce));
    }

    private VerificationPolicy policy() {
        if (nras != null && jwks == null || nras == null && jwks != null) {
            throw usage("--nras and --jwks go together");
        }
        VerificationPolicy.Builder b = options.policyBuilder(List.of());
        expect(b, VerificationPolicy.Measurement.MRTD, expectMrtd);
        expect(b, VerificationPolicy.Measurement.RTMR0, expectRtmr0);
        expect(b, VerificationPolicy.Measurement.RTMR1, expectRtmr1);
        expect(b, VerificationPolicy.Measurement.RTMR2, expectRtmr2);
        expect(b, VerificationPolicy.Measurement.RTMR3, expectRtmr3);
        expect(b, VerificationPolicy.Measurement.MRCONFIGID, expectMrConfigId);
        expect(b, VerificationPolicy.Measurement.COMPOSE_HASH, expectComposeHash);
        return b.build();
    }

    private void expect(VerificationPolicy.Builder b, VerificationPolicy.Measurement m, List<String> values) {
        for (String v : values) {
            try {
                b.expect(m, v);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
    }

    private Instant time() {
        if (at == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(at.strip());
        } catch (DateTimeParseException e) {
            throw usage("--at must be an ISO-8601 instant such as 2026-04-24T01:58:41Z");
        }
    }

    private byte[] nonce(String hex) {
        String h = hex.strip();
        if (h.length() != 64 || !Hex.isHex(h)) {
            throw usage("--nonce must be 64 hex digits (32 bytes)");
        }
        return Hex.decode(h);
    }

    /** Online mode: a fresh nonce, the attestation as served, over HTTP (retried when the failure is transient). */
    private Evidence fetch() {
        String key = options.requireKeyOrBaseUrl("fetch evidence from Venice");
        // the client's own verdict is not used: the evidence is verified below with every option of this command
        try (VeniceClient client = options.clientBuilder(options.baseUrlOrDefault(), key, List.of())
                .policy(VerificationPolicy.builder().level(VerificationPolicy.Level.BASIC).build()).build()) {
            Attestation a = client.attest(model);
            return new Evidence(new String(a.json(), StandardCharsets.UTF_8), a.nonce());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new UsageError(spec.commandLine(), message);
    }

    /** A check's reason; for a check failing for want of an input this command reads, the options that give it. */
    private String reason(VerificationReport.Check c) {
        if (c.status() != Outcome.FAIL) {
            return c.reason();
        }
        if (c.id().equals("tdx.collateral.signatures") && collateral == null) {
            return c.reason() + "; give it with --collateral FILE (Intel's collateral as dcap-qvl QuoteCollateralV3"
                    + " JSON)";
        }
        if (c.id().equals("nvidia.nras.jwt") && nras == null) {
            // NRAS answers for one nonce: a file cannot hold the answer for evidence fetched by this very run
            return c.reason() + (model == null
                    ? "; give them with --nras FILE --jwks FILE (NVIDIA's answer for this evidence and its key set)"
                    : "; with --model the evidence is fetched now, so no saved answer can match its nonce: verify"
                    + " saved evidence offline with --evidence FILE --nonce HEX --nras FILE --jwks FILE, or use"
                    + " --policy dcap");
        }
        return c.reason();
    }

    private void print(PrintWriter out, AttestationReport report, VerificationReport vr, Instant time) {
        out.println("Attestation" + report.model().toOptional().map(m -> " of " + m).orElse("") + ", level "
                + vr.level().label() + ", at " + time);
        out.println();
        int width = vr.checks().stream().mapToInt(c -> c.id().length()).max().orElse(0);
        for (VerificationReport.Check c : vr.checks()) {
            String mark = switch (c.status()) {
                case PASS -> "✓";
                case FAIL -> "✗";
                case SKIP -> "–";
            };
            out.printf("  %s %-" + width + "s  %s%n", mark, c.id(), reason(c));
        }
        if (!vr.measurements().isEmpty()) {
            out.println();
            out.println("Measurements");
            int w = vr.measurements().keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, String> m : vr.measurements().entrySet()) {
                out.printf("  %-" + w + "s  %s%n", m.getKey(), m.getValue());
            }
        }
        out.println();
        out.println("Verdict: " + vr.summary());
    }
}
