package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.venice.e2ee.client.collateral.FetchedAnswer;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code chat}: one end-to-end-encrypted chat, the answer streamed to stdout as it is decrypted and a short
 * verification summary on stderr. Without {@code API_KEY_VENICE} and {@code --base-url} it runs the whole round
 * trip against the embedded simulator.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Send one prompt to a model, end-to-end encrypted for e2ee-* models: attest the model, verify"
                + " the attestation under the policy, encrypt, and stream the decrypted answer to stdout.",
            "Without " + VeniceOptions.API_KEY_ENV + " and without --base-url, runs against the embedded Venice"
                + " simulator (trusting its test roots).",
            "Exit 0 on success, 1 on a refused attestation, a downgrade or any protocol error, 2 on a usage error."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VeniceOptions options;

    @Mixin
    AuditOptions audit;

    @Option(names = "--model", paramLabel = "ID", description = "Model id (default: the first e2ee-* model listed).")
    String model;

    @Option(names = "--verify-signature", description = "Fetch and verify the response signature afterwards.")
    boolean verifySignature;

    @Option(names = "--show-report", description = "Print the full attestation verification report on stderr.")
    boolean showReport;

    @Option(names = "--show-reasoning", description = "Stream the model's reasoning (when it sends any) to stderr.")
    boolean showReasoning;

    @Option(names = "--json", description = "Print one JSON object (answer, ids, verification) instead of streaming.")
    boolean json;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt, or - to read it from stdin.")
    String prompt;

    @Override
    public Integer call() {
        String text = "-".equals(prompt) ? Io.readStdinUtf8() : prompt;
        if (text.isBlank()) {
            throw new InvalidInputException("the prompt is empty");
        }
        PrintWriter err = spec.commandLine().getErr();
        VeniceSimulator sim = null;
        try {
            VeniceClient.Builder builder;
            if (options.useEmbeddedSimulator()) {
                sim = VeniceOptions.startSimulator();
                builder = options.simulatorClientBuilder(sim);
                err.println("No " + VeniceOptions.API_KEY_ENV + " and no --base-url: using the embedded Venice simulator"
                        + " at " + sim.baseUrl() + " (its collateral and NRAS services too) and trusting its test"
                        + " roots.");
                err.flush();
            } else {
                builder = options.clientBuilder(options.baseUrlOrDefault(), options.apiKey(), List.of());
            }
            builder.hashResponses(verifySignature).progress(StderrProgress.forTerminal(err));
            try (VeniceClient client = audit.apply(builder).build()) {
                int code = chat(client, text);
                return Math.max(code, reportAudit(client));
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    private int chat(VeniceClient client, String text) {
        PrintWriter err = spec.commandLine().getErr();
        String m = model != null ? model : defaultModel(client);
        ChatRequest request = ChatRequest.ofUser(text);
        if (!VeniceClient.isE2eeModel(m)) {
            return plainChat(client, m, request);
        }
        try (E2eeSession session = client.openSession(m)) {
            VerificationReport report = session.report();
            if (showReport) {
                printReport(err, report);
            }
            ChatCompletion done = read(session.chat(request));
            SignatureReport signature = verifySignature ? session.verifySignature(done) : null;
            if (json) {
                printJson(m, done, session, signature);
            }
            long passed = report.checks().stream().filter(c -> c.status() == Outcome.PASS).count();
            // the CLI's own line, on a line of its own: nothing the server sent can precede it on the same line
            TerminalWriter.startLine(spec.commandLine());
            err.println("verified: " + m + " attestation passed policy " + report.level().label() + " (" + passed
                    + " checks passed, " + (report.checks().size() - passed) + " not run at this level); enclave "
                    + session.signingAddress() + "; answer end-to-end encrypted, " + done.chunks()
                    + " chunks decrypted");
            String sources = sources(session.attestation());
            if (!sources.isEmpty()) {
                err.println(sources);
            }
            if (signature != null) {
                err.println("signature: " + signature.verdict() + " (" + signatureDetail(signature) + ")");
                return signature.verdict() == SignatureReport.Verdict.FAILED ? ExitCode.REFUSED : ExitCode.OK;
            }
            return ExitCode.OK;
        }
    }

    /** A tee-* model is attested (and its signature checked) but not encrypted; other models are neither. */
    private int plainChat(VeniceClient client, String m, ChatRequest request) {
        PrintWriter err = spec.commandLine().getErr();
        Attestation attestation = null;
        if (m.startsWith("tee-")) {
            attestation = client.attest(m);
            VerificationReport report = attestation.verification();
            if (showReport) {
                printReport(err, report);
            }
            if (!report.passed()) {
                throw new InvalidInputException("attestation of " + m + " does not pass policy "
                        + report.level().label() + ": " + report.failures().get(0).id() + " ("
                        + report.failures().get(0).reason() + "); nothing was sent to the model");
            }
        }
        ChatCompletion done = read(client.chat(m, request));
        SignatureReport signature = verifySignature && attestation != null
                ? client.verifySignature(attestation, done) : null;
        if (json) {
            printJson(m, done, null, signature);
        }
        if (attestation != null) {
            err.println("verified: " + m + " attestation passed policy " + attestation.verification().level().label()
                    + "; enclave " + attestation.report().signingAddress().toOptional()
                    .orElse("(no signing_address)"));
        }
        err.println("note: " + m + " is not an e2ee-* model: the prompt and answer were not end-to-end encrypted");
        if (signature != null) {
            err.println("signature: " + signature.verdict() + " (" + signatureDetail(signature) + ")");
            return signature.verdict() == SignatureReport.Verdict.FAILED ? ExitCode.REFUSED : ExitCode.OK;
        }
        return ExitCode.OK;
    }

    private static void printReport(PrintWriter err, VerificationReport report) {
        err.println(report.summary());
        for (VerificationReport.Check c : report.checks()) {
            err.println("  " + c.id() + " " + c.status().label() + ": " + c.reason());
        }
    }

    private ChatCompletion streamText(ChatStream stream) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean reasoned = false;
        for (ChatDelta d : stream) {
            if (showReasoning && d.reasoning() != null && !d.reasoning().isEmpty()) {
                err.print(d.reasoning());
                err.flush();
                reasoned = true;
            }
            if (!d.text().isEmpty()) {
                out.print(d.text());
                out.flush();
            }
        }
        out.println();
        out.flush();
        if (reasoned) {
            err.println();
        }
        return stream.completion().join();
    }

    private ChatCompletion read(ChatStream stream) {
        try (stream) {
            return json ? stream.readAll() : streamText(stream);
        }
    }

    private void printJson(String m, ChatCompletion done, E2eeSession session, SignatureReport signature) {
        ObjectMapper mapper = VeniceJson.newMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", m);
        root.put("id", done.id());
        root.put("content", done.content());
        if (!done.reasoning().isEmpty()) {
            root.put("reasoning", done.reasoning());
        }
        root.put("finish_reason", done.finishReason());
        root.put("chunks", done.chunks());
        root.put("end_to_end_encrypted", session != null);
        if (done.usage() != null) {
            // the field names Venice and OpenAI use, not the record's accessor names
            root.putObject("usage").put("prompt_tokens", done.usage().promptTokens())
                    .put("completion_tokens", done.usage().completionTokens())
                    .put("total_tokens", done.usage().totalTokens());
        }
        if (session != null) {
            VerificationReport report = session.report();
            ObjectNode a = root.putObject("attestation");
            a.put("passed", report.passed());
            a.put("policy", report.level().label());
            a.put("signing_address", session.signingAddress());
            Attestation at = session.attestation();
            if (at.verifiedAt() != null) {
                a.put("verified_at", at.verifiedAt().toString());
            }
            var checks = a.putObject("checks");
            report.checks().forEach(c -> checks.put(c.id(), c.status().label()));
            var sources = a.putArray("sources");
            Instant now = Instant.now();
            for (FetchedAnswer f : at.inputs().answers()) {
                sources.addObject().put("piece", f.piece()).put("url", f.url().toString())
                        .put("origin", f.origin().label()).put("fetched_at", f.fetchedAt().toString())
                        .put("age_seconds", f.age(at.verifiedAt() != null ? at.verifiedAt() : now).toSeconds());
            }
        }
        if (signature != null) {
            ObjectNode s = root.putObject("signature");
            s.put("verdict", signature.verdict().name());
            s.put("recovered_address", signature.recoveredAddress());
            var checks = s.putArray("checks");
            signature.checks().forEach(c -> checks.addObject().put("id", c.id()).put("verdict", c.verdict().name())
                    .put("reason", c.reason()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(root.toString());
        out.flush();
    }

    /**
     * Which service served each piece of collateral and how old it was when the attestation was verified, and how
     * long ago that was when the attestation is reused; empty below level full.
     */
    static String sources(Attestation a) {
        if (a.inputs().answers().isEmpty()) {
            return "";
        }
        Instant at = a.verifiedAt() != null ? a.verifiedAt() : Instant.now();
        StringBuilder sb = new StringBuilder("sources:");
        for (FetchedAnswer f : a.inputs().answers()) {
            sb.append(' ').append(f.piece()).append(" from ").append(f.url().getScheme()).append("://")
                    .append(f.url().getAuthority()).append(f.url().getPath()).append(" (").append(f.origin().label())
                    .append(", ").append(f.age(at).toSeconds()).append(" s old);");
        }
        long age = java.time.Duration.between(at, Instant.now()).toSeconds();
        if (age >= 1) {
            sb.append(" attestation verified ").append(age).append(" s ago, reused;");
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** Waits for the audit bundles, says where they are on stderr; 1 when one could not be written. */
    private int reportAudit(VeniceClient client) {
        var trail = client.auditTrail().orElse(null);
        if (trail == null) {
            return ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!trail.await(120_000)) {
            err.println("audit: a completion bundle is still being written into " + trail.directory());
        }
        for (var w : trail.written()) {
            err.println("audit: wrote " + w.directory() + " (manifest SHA-256 " + w.manifestSha256() + ")");
        }
        for (String f : trail.failures()) {
            err.println("audit: could not write the bundle of " + f);
        }
        err.flush();
        return trail.failures().isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
    }

    private static String signatureDetail(SignatureReport r) {
        StringBuilder sb = new StringBuilder();
        for (SignatureReport.Check c : r.checks()) {
            if (c.verdict() != SignatureReport.Verdict.PASSED) {
                sb.append(sb.length() == 0 ? "" : "; ").append(c.id()).append(": ").append(c.reason());
            }
        }
        return sb.length() == 0 ? "signer is the attested enclave; request and response hashes match" : sb.toString();
    }

    /** The first e2ee-* model the server lists. */
    static String defaultModel(VeniceClient client) {
        for (ModelInfo info : client.listModels()) {
            if (info.id() != null && VeniceClient.isE2eeModel(info.id())) {
                return info.id();
            }
        }
        throw new InvalidInputException("the server lists no e2ee-* model; give one with --model");
    }
}
