package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.client.audit.AuditWriter;
import io.venice.e2ee.client.audit.SessionEvidence;
import io.venice.e2ee.client.collateral.FetchedAnswer;
import io.venice.e2ee.client.collateral.LiveInputs;
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
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
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

    @Option(names = "--nras-intermediate", paramLabel = "PEM",
            description = "Trust NRAS keys certified by this intermediate instead of NVIDIA's pinned one (repeatable;"
                    + " for a test NRAS, or when NVIDIA rotates it).")
    List<Path> nrasIntermediates = new ArrayList<>();

    @Option(names = "--nras-issuer", paramLabel = "URL",
            description = "The iss NRAS tokens must carry (default " + NrasTrust.NVIDIA_ISSUER + ").")
    String nrasIssuer;

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

    @Option(names = "--expect-mrseam", paramLabel = "HEX", description = "Allowed MRSEAM, the TDX module (repeatable).")
    List<String> expectMrSeam = new ArrayList<>();

    @Option(names = "--expect-xfam", paramLabel = "HEX", description = "Allowed XFAM, 8 bytes as in the quote (repeatable).")
    List<String> expectXfam = new ArrayList<>();

    @Option(names = "--expect-td-attributes", paramLabel = "HEX",
            description = "Allowed TD attributes, 8 bytes as in the quote (repeatable).")
    List<String> expectTdAttributes = new ArrayList<>();

    @Option(names = "--expect-mrowner", paramLabel = "HEX", description = "Allowed MROWNER (repeatable).")
    List<String> expectMrOwner = new ArrayList<>();

    @Option(names = "--expect-mrownerconfig", paramLabel = "HEX", description = "Allowed MROWNERCONFIG (repeatable).")
    List<String> expectMrOwnerConfig = new ArrayList<>();

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    VeniceOptions options;

    @Mixin
    AuditOptions audit;

    /** Evidence to verify and the nonce it was requested with. */
    record Evidence(String attestationJson, byte[] nonce) {
    }

    @Override
    public Integer call() {
        VerificationPolicy p = policy();
        AttestationReport report;
        VerificationReport vr;
        Instant time;
        List<FetchedAnswer> sources = List.of();
        if (model != null) {
            // online: the client fetches fresh evidence and, at level full, Intel's collateral and NVIDIA's answer
            Attestation a = fetch(p);
            report = a.report();
            vr = a.verification();
            time = a.verifiedAt();
            sources = a.inputs().answers();
        } else {
            time = time();
            Evidence e = evidence();
            VerificationContext.Builder ctx = VerificationContext.builder().expectedNonce(e.nonce()).at(time);
            if (collateral != null) {
                ctx.collateral(Collateral.parse(read(collateral)));
            }
            if (nras != null) {
                ctx.nras(NrasAnswer.parse(read(nras))).jwks(Jwks.parse(read(jwks)));
            }
            report = AttestationReport.parse(e.attestationJson(), p.limits());
            vr = AttestationVerification.verify(report, p, ctx.build());
            writeAudit(report.model().toOptional().orElse("offline"), e, p, time, vr);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(vr.toJson());
        } else {
            print(out, report, vr, time, sources);
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

    /** The evidence file and the nonce it was requested with. */
    Evidence evidence() {
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
        // offline nothing is fetched: the default level is dcap (full needs --collateral, --nras and --jwks)
        VerificationPolicy.Level otherwise = model != null ? VerificationPolicy.Level.FULL
                : VerificationPolicy.Level.DCAP;
        VerificationPolicy.Builder b = options.policyBuilder(List.of(), otherwise);
        if (!nrasIntermediates.isEmpty() || nrasIssuer != null) {
            List<X509Certificate> pins = new ArrayList<>();
            for (Path pem : nrasIntermediates) {
                try {
                    pins.addAll(Pem.certificates(Files.readAllBytes(pem)));
                } catch (IOException | CertificateException e) {
                    throw usage("--nras-intermediate " + pem + " is not a readable PEM or DER certificate");
                }
            }
            b.nrasTrust(new NrasTrust(pins.isEmpty() ? NrasTrust.nvidia().anchors() : pins,
                    nrasIssuer != null ? nrasIssuer.strip() : NrasTrust.NVIDIA_ISSUER));
        }
        expect(b, VerificationPolicy.Measurement.MRTD, expectMrtd);
        expect(b, VerificationPolicy.Measurement.RTMR0, expectRtmr0);
        expect(b, VerificationPolicy.Measurement.RTMR1, expectRtmr1);
        expect(b, VerificationPolicy.Measurement.RTMR2, expectRtmr2);
        expect(b, VerificationPolicy.Measurement.RTMR3, expectRtmr3);
        expect(b, VerificationPolicy.Measurement.MRCONFIGID, expectMrConfigId);
        expect(b, VerificationPolicy.Measurement.COMPOSE_HASH, expectComposeHash);
        expect(b, VerificationPolicy.Measurement.MRSEAM, expectMrSeam);
        expect(b, VerificationPolicy.Measurement.XFAM, expectXfam);
        expect(b, VerificationPolicy.Measurement.TD_ATTRIBUTES, expectTdAttributes);
        expect(b, VerificationPolicy.Measurement.MROWNER, expectMrOwner);
        expect(b, VerificationPolicy.Measurement.MROWNERCONFIG, expectMrOwnerConfig);
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

    /**
     * Online mode: a fresh nonce, the attestation as served over HTTP (retried when the failure is transient),
     * verified under this command's policy with what level full fetches; its audit bundle when asked.
     */
    private Attestation fetch(VerificationPolicy p) {
        if (evidence != null || nonce != null || at != null || collateral != null || nras != null) {
            throw usage("--model fetches fresh evidence with its own nonce, now, and at level full fetches the"
                    + " collateral and NRAS answer itself; do not combine it with --evidence, --nonce, --at,"
                    + " --collateral or --nras");
        }
        String key = options.requireKeyOrBaseUrl("fetch evidence from Venice");
        try (VeniceClient client = options.clientBuilder(options.baseUrlOrDefault(), key, List.of()).policy(p)
                .progress(StderrProgress.forTerminal(spec.commandLine().getErr())).build()) {
            Attestation a = client.attest(model);
            if (audit.auditDir != null) {
                write(new SessionEvidence(model, options.baseUrlOrDefault(), a.nonce(), a.json(), a.inputs(), p,
                        a.verifiedAt(), a.verification()));
            }
            return a;
        }
    }

    /** Offline mode: the evidence verified, with the files it was verified with, as an audit bundle when asked. */
    private void writeAudit(String name, Evidence e, VerificationPolicy p, Instant time, VerificationReport vr) {
        if (audit.auditDir == null) {
            return;
        }
        List<FetchedAnswer> answers = new ArrayList<>();
        if (collateral != null) {
            answers.add(fileAnswer("collateral_json", collateral, time));
        }
        if (nras != null) {
            answers.add(fileAnswer("nras", nras, time));
            answers.add(fileAnswer("jwks", jwks, time));
        }
        write(new SessionEvidence(name, null, e.nonce(),
                e.attestationJson().getBytes(StandardCharsets.UTF_8), new LiveInputs(null, null, null, answers), p,
                time, vr));
    }

    private static FetchedAnswer fileAnswer(String piece, Path file, Instant at) {
        try {
            return new FetchedAnswer(piece, "GET", file.toAbsolutePath().toUri(), 200, Map.of(),
                    Files.readAllBytes(file), at, FetchedAnswer.Origin.DISK, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void write(SessionEvidence s) {
        try {
            AuditWriter.Written w = new AuditWriter(audit.auditDir, java.time.Clock.systemUTC())
                    .write(AuditWriter.Kind.ATTESTATION, s);
            spec.commandLine().getErr().println("audit: wrote " + w.directory() + " (manifest SHA-256 "
                    + w.manifestSha256() + ")");
            spec.commandLine().getErr().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit bundle into " + audit.auditDir, e);
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
        if (c.id().equals("tdx.collateral.signatures") && collateral == null && model == null) {
            return c.reason() + "; give it with --collateral FILE (Intel's collateral as dcap-qvl QuoteCollateralV3"
                    + " JSON)";
        }
        if (c.id().equals("nvidia.nras.jwt") && nras == null && model == null) {
            return c.reason() + "; give them with --nras FILE --jwks FILE (NVIDIA's answer for this evidence and its"
                    + " key set)";
        }
        return c.reason();
    }

    private void print(PrintWriter out, AttestationReport report, VerificationReport vr, Instant time,
                       List<FetchedAnswer> sources) {
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
        if (!sources.isEmpty()) {
            out.println();
            out.println("Sources (as fetched for this verification)");
            int w = sources.stream().mapToInt(f -> f.piece().length()).max().orElse(0);
            for (FetchedAnswer f : sources) {
                out.printf("  %-" + w + "s  %s %s  %s, fetched %s (%d s old)%n", f.piece(), f.method(), f.url(),
                        f.origin().label(), f.fetchedAt(), f.age(time).toSeconds());
            }
        }
        out.println();
        out.println("Verdict: " + vr.summary());
    }
}
