package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.EvidenceFacts;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ConfidentialityWarning;
import io.venice.e2ee.chat.PrivacyMode;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.GatewayAttestation;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.signature.AciReceiptVerifier;
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
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * {@code chat}: one chat, sent as the model's capabilities allow (end to end unless asked otherwise), the answer
 * streamed to stdout as it is decrypted and a summary on stderr that says what was verified and what the chat
 * protected. Without {@code API_KEY_VENICE} and {@code --base-url} it runs the whole round trip against the embedded
 * simulator.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Send one prompt to a model. The privacy comes from the model list's capabilities, never from the"
                + " model's name: a model that supports end-to-end encryption is attested, its attestation verified under"
                + " the policy, and the prompt and answer encrypted end to end; TEE-only (--tee-only) and plaintext"
                + " (--allow-plaintext) only when asked; anything else is refused before a byte of the prompt is sent.",
            "End-to-end encryption keeps the prompt and answer confidential against everyone outside the attested"
                + " enclave, Venice included. It does not authenticate the answer's chunks: only a response signature"
                + " that verifies ties an answer to the enclave (--verify-signature, --require-signature).",
            "Without " + VeniceOptions.API_KEY_ENV + " and without --base-url, runs against the embedded Venice"
                + " simulator (trusting its test roots). " + VeniceOptions.API_KEY_ENV + " goes to https://api.venice.ai"
                + " only; another --base-url gets a key only from --api-key-file.",
            "Exit 0 on success, 1 on a refused model, attestation, downgrade, signature or any protocol error, 2 on a"
                + " usage error."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VeniceOptions options;

    @Mixin
    AuditOptions audit;

    @Mixin
    GatewayOption gateway;

    @Option(names = "--model", paramLabel = "ID",
            description = "Model id (default: the first model the server lists as supporting end-to-end encryption).")
    String model;

    @Option(names = "--tee-only", description = "TEE-only: verify the model's attestation, then send the prompt in"
            + " plaintext with enable_e2ee=false (Venice can read it). For models with attestation but no E2EE too.")
    boolean teeOnly;

    @Option(names = "--allow-plaintext", description = "Allow a model that offers neither end-to-end encryption nor"
            + " attestation: the prompt goes in plaintext and nothing is verified.")
    boolean allowPlaintext;

    @Option(names = "--verify-signature", description = "Fetch and verify the response signature afterwards.")
    boolean verifySignature;

    @Option(names = "--require-signature", description = "Fetch the response signature afterwards and exit 1 unless it"
            + " ties the answer to the attested enclave.")
    boolean requireSignature;

    @Option(names = "--show-report", description = "Print the full attestation verification report on stderr.")
    boolean showReport;

    @Option(names = "--show-reasoning", description = "Stream the model's reasoning (when it sends any) to stderr.")
    boolean showReasoning;

    @Option(names = "--json", description = "Print one JSON object (answer, ids, verification) instead of streaming.")
    boolean json;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt, or - to read it from stdin.")
    String prompt;

    /** What one chat gave, for the summary and the JSON. */
    private record ChatOutcome(PrivacyMode privacy, ChatCompletion done, Attestation attestation,
                            SignatureReport signature) {
    }

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
                builder = gateway.apply(options.simulatorClientBuilder(sim));
                err.println("No " + VeniceOptions.API_KEY_ENV + " and no --base-url: using the embedded Venice simulator"
                        + " at " + sim.baseUrl() + " (its collateral and NRAS services too) and trusting its test"
                        + " roots.");
                err.flush();
            } else {
                URI base = options.baseUrlOrDefault();
                builder = gateway.apply(options.clientBuilder(base, options.apiKeyFor(base), List.of()));
            }
            builder.hashResponses(verifySignature || requireSignature).teeOnly(teeOnly).allowPlaintext(allowPlaintext)
                    .progress(StderrProgress.forTerminal(err));
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
        String m = model != null ? model : defaultModel(client);
        ChatRequest request = ChatRequest.ofUser(text);
        // refused here (typed, one line, exit 1) before anything about the prompt leaves
        PrivacyMode privacy = client.privacyMode(m);
        boolean checkSignature = verifySignature || requireSignature;
        if (privacy == PrivacyMode.PLAINTEXT && requireSignature) {
            throw new InvalidInputException("model " + m + " offers no attestation, so no response signature can tie"
                    + " its answer to an enclave; nothing was sent (drop --require-signature)");
        }
        ChatOutcome outcome = switch (privacy) {
            case END_TO_END -> endToEnd(client, m, request, checkSignature);
            case TEE_ONLY -> teeOnly(client, m, request, checkSignature);
            case PLAINTEXT -> new ChatOutcome(privacy, read(client.plainChatAsync(m, request)), null, null);
        };
        // kept per attestation: a receipt checked above already ran it, and this asks nothing again
        GatewayAttestation gateway = client.gatewayUrl().isPresent() && outcome.attestation() != null
                ? client.attestGateway(outcome.attestation()) : null;
        if (json) {
            printJson(m, outcome, gateway);
        }
        summary(m, outcome, gateway);
        if (gateway != null && (gateway.status() == GatewayAttestation.Status.REFUSED
                || gateway.status() == GatewayAttestation.Status.FETCH_FAILED)) {
            return ExitCode.REFUSED;
        }
        if (outcome.signature() != null && (outcome.signature().verdict() == SignatureReport.Verdict.FAILED
                || requireSignature && !outcome.signature().signedByEnclave())) {
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    private ChatOutcome endToEnd(VeniceClient client, String m, ChatRequest request, boolean checkSignature) {
        try (E2eeSession session = client.openSession(m)) {
            if (showReport) {
                printReport(session.report());
            }
            ChatCompletion done = read(session.chat(request));
            return new ChatOutcome(PrivacyMode.END_TO_END, done, session.attestation(),
                    checkSignature ? session.verifySignature(done) : null);
        }
    }

    private ChatOutcome teeOnly(VeniceClient client, String m, ChatRequest request, boolean checkSignature) {
        Attestation attestation = client.attest(m);
        VerificationReport report = attestation.verification();
        if (showReport) {
            printReport(report);
        }
        if (!report.passed()) {
            throw new InvalidInputException("attestation of " + m + " does not pass policy " + report.level().label()
                    + ": " + report.failures().get(0).id() + " (" + report.failures().get(0).reason() + "); nothing"
                    + " was sent to the model");
        }
        ChatCompletion done = read(client.teeOnlyChatAsync(attestation, request));
        return new ChatOutcome(PrivacyMode.TEE_ONLY, done, attestation,
                checkSignature ? client.verifySignature(attestation, done) : null);
    }

    /**
     * What was verified and what the chat protected, in words that claim nothing more: the attestation's verdict,
     * where the attested evidence says the prompt is decrypted, the privacy mode's meaning, what the protocol does not
     * give, the gateway's online attestation when asked for, the signature's and the receipt's verdicts, and any
     * plaintext that was let through.
     */
    private void summary(String m, ChatOutcome o, GatewayAttestation gateway) {
        PrintWriter err = spec.commandLine().getErr();
        // the CLI's own lines, each on a line of its own: nothing the server sent can precede them on the same line
        TerminalWriter.startLine(spec.commandLine());
        if (o.attestation() != null) {
            VerificationReport report = o.attestation().verification();
            long passed = report.checks().stream().filter(c -> c.status() == Outcome.PASS).count();
            err.println("attestation: " + m + " attestation passed policy " + report.level().label() + " (" + passed
                    + " checks passed, " + (report.checks().size() - passed) + " not run at this level); enclave "
                    + o.attestation().signingAddress());
            String sources = sources(o.attestation());
            if (!sources.isEmpty()) {
                err.println(sources);
            }
            err.println("decryption: " + report.facts().decryption().describe());
        }
        err.println("privacy: " + o.privacy().meaning() + (o.privacy() == PrivacyMode.END_TO_END
                ? " (" + o.done().chunks() + " chunks decrypted)" : ""));
        for (ConfidentialityWarning w : o.done().warnings()) {
            err.println("warning: " + w.message());
        }
        if (o.privacy() == PrivacyMode.PLAINTEXT) {
            return;
        }
        if (gateway != null) {
            err.println("gateway: " + gatewayLine(gateway));
        }
        if (o.signature() == null) {
            err.println("signature: not checked; " + PrivacyMode.UNAUTHENTICATED_CHUNKS + " (--verify-signature,"
                    + " --require-signature)");
        } else {
            err.println("signature: " + o.signature().verdict() + " (" + signatureDetail(o.signature()) + ")"
                    + (o.signature().signedByEnclave() ? "" : "; " + PrivacyMode.UNAUTHENTICATED_CHUNKS));
            o.signature().check(AciReceiptVerifier.VERDICT_CHECK)
                    .ifPresent(c -> err.println("receipt: " + c.reason()));
        }
    }

    /** The online step in words: the keyset attested online, or why not. */
    private static String gatewayLine(GatewayAttestation g) {
        return switch (g.status()) {
            case ATTESTED -> g.reason();
            case REFUSED, FETCH_FAILED -> "keyset NOT attested: " + g.reason();
            case NOT_APPLICABLE -> "not asked: " + g.reason();
        };
    }

    private void printReport(VerificationReport report) {
        PrintWriter err = spec.commandLine().getErr();
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

    private ChatCompletion read(CompletionStage<ChatStream> stream) {
        try {
            return read(stream.toCompletableFuture().join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void printJson(String m, ChatOutcome o, GatewayAttestation gateway) {
        ObjectMapper mapper = VeniceJson.newMapper();
        ObjectNode root = mapper.createObjectNode();
        ChatCompletion done = o.done();
        root.put("model", m);
        root.put("id", done.id());
        root.put("content", done.content());
        if (!done.reasoning().isEmpty()) {
            root.put("reasoning", done.reasoning());
        }
        root.put("finish_reason", done.finishReason());
        root.put("chunks", done.chunks());
        root.put("privacy", o.privacy().label());
        root.put("end_to_end_encrypted", o.privacy() == PrivacyMode.END_TO_END);
        ArrayNode warnings = root.putArray("warnings");
        done.warnings().forEach(w -> warnings.add(w.message()));
        if (done.usage() != null) {
            // the field names Venice and OpenAI use, not the record's accessor names
            root.putObject("usage").put("prompt_tokens", done.usage().promptTokens())
                    .put("completion_tokens", done.usage().completionTokens())
                    .put("total_tokens", done.usage().totalTokens());
        }
        if (o.attestation() != null) {
            VerificationReport report = o.attestation().verification();
            ObjectNode a = root.putObject("attestation");
            a.put("passed", report.passed());
            a.put("policy", report.level().label());
            a.put("signing_address", o.attestation().signingAddress());
            Attestation at = o.attestation();
            if (at.verifiedAt() != null) {
                a.put("verified_at", at.verifiedAt().toString());
            }
            EvidenceFacts.Decryption decryption = report.facts().decryption();
            ObjectNode d = a.putObject("decryption");
            d.put("site", decryption.site().name());
            if (decryption.gpus().isPresent()) {
                d.put("gpus", decryption.gpus().getAsLong());
            }
            d.put("source", decryption.source());
            d.put("description", decryption.describe());
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
        if (gateway != null) {
            root.putObject("gateway").put("status", gateway.status().name()).put("url", gateway.url().toString())
                    .put("reason", gateway.reason());
        }
        if (o.signature() != null) {
            SignatureReport signature = o.signature();
            ObjectNode s = root.putObject("signature");
            s.put("verdict", signature.verdict().name());
            s.put("signed_by_enclave", signature.signedByEnclave());
            s.put("recovered_address", signature.recoveredAddress());
            var checks = s.putArray("checks");
            signature.checks().forEach(c -> checks.addObject().put("id", c.id()).put("verdict", c.verdict().name())
                    .put("reason", c.reason()));
            signature.check(AciReceiptVerifier.VERDICT_CHECK).ifPresent(c -> s.putObject("receipt")
                    .put("verdict", c.verdict().name()).put("reason", c.reason()));
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
            // the receipt's verdict and the gateway's online attestation have their own lines
            if (c.verdict() != SignatureReport.Verdict.PASSED && !c.id().equals(AciReceiptVerifier.VERDICT_CHECK)
                    && !c.id().equals(GatewayAttestation.CHECK)) {
                sb.append(sb.length() == 0 ? "" : "; ").append(c.id()).append(": ").append(c.reason());
            }
        }
        return sb.length() == 0 ? "signer is the attested enclave; request and response hashes match" : sb.toString();
    }

    /** The first model the server lists as supporting end-to-end encryption. */
    static String defaultModel(VeniceClient client) {
        for (ModelInfo info : client.listModels()) {
            if (info.supportsE2ee()) {
                return info.id();
            }
        }
        throw new InvalidInputException("the server lists no model that supports end-to-end encryption; give one"
                + " with --model");
    }
}
