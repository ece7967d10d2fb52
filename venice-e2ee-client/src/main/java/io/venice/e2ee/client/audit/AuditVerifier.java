package io.venice.e2ee.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.AciGatewayReport;
import io.venice.e2ee.attestation.AciGatewayVerification;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.AttestedKeyset;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.collateral.AnswerCodec;
import io.venice.e2ee.client.collateral.FetchedAnswer;
import io.venice.e2ee.client.collateral.LiveInputs;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.signature.AciReceiptVerifier;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.signature.SignatureVerifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks an audit bundle offline, from the bundle alone: its manifest (naming every file edited, removed or added),
 * then every check again, the attestation's under the recorded policy at the recorded time (or another) with the
 * recorded collateral and NRAS answers, and a completion's response signature against the request and response
 * bytes recorded (its receipt with the keyset a recorded gateway answer attests again, when the client attested the
 * gateway online); and compares both outcomes with the ones recorded. An edit the manifest misses because the
 * manifest was edited too shows up there: a changed byte of signed evidence fails its signature, a changed report
 * differs from the re-run one.
 *
 * <p>The trust anchors are the pinned roots plus, by default, the extra anchors the session trusted (recorded in the
 * bundle, so a test PKI's evidence can be checked again); given anchors replace the recorded ones, and then nothing
 * recorded is trusted.
 */
public final class AuditVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The id of the gateway's online step in a signature report (the client's {@code GatewayAttestation.CHECK}). */
    static final String GATEWAY_CHECK = "signature.gateway";

    private final CryptoSuite crypto;

    /** A verifier; {@code crypto} recovers response signatures' signers. */
    public AuditVerifier(CryptoSuite crypto) {
        this.crypto = Objects.requireNonNull(crypto, "crypto");
    }

    /**
     * The bundles {@code path} holds: itself if it is one (it has a manifest or a {@code bundle.json}), else each
     * subdirectory that is one, in name order (which is time order).
     */
    public static List<Path> bundles(Path path) throws IOException {
        if (isBundle(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(Files::isDirectory).filter(AuditVerifier::isBundle).sorted().toList();
        }
    }

    private static boolean isBundle(Path p) {
        return Files.isRegularFile(p.resolve(Manifest.FILE)) || Files.isRegularFile(p.resolve(AuditWriter.BUNDLE));
    }

    /**
     * Checks {@code bundle}.
     *
     * @param at      the time to verify at, or null for the recorded verification time
     * @param anchors trust anchors to use instead of the recorded ones (the pinned roots always count), or null
     */
    public AuditResult verify(Path bundle, Instant at, List<X509Certificate> anchors) {
        List<String> manifest;
        try {
            manifest = Manifest.check(bundle);
        } catch (IOException e) {
            manifest = List.of("cannot read the bundle: " + e.getMessage());
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(read(bundle, AuditWriter.BUNDLE));
        } catch (IOException | RuntimeException e) {
            return AuditResult.unreadable(bundle, manifest, AuditWriter.BUNDLE + " cannot be read: " + e.getMessage());
        }
        String kind = meta.path("kind").asText("?");
        String model = meta.path("model").asText("?");
        Instant recordedAt;
        VerificationPolicy policy;
        byte[] nonce;
        byte[] evidence;
        LiveInputs inputs;
        List<X509Certificate> trusted = anchors;
        boolean recordedAnchors = anchors == null;
        try {
            recordedAt = Instant.parse(meta.path("verified_at").asText());
            if (trusted == null) {
                trusted = new ArrayList<>();
                for (JsonNode p : meta.path("extra_trust_anchors")) {
                    trusted.addAll(Pem.certificates(read(bundle, p.asText())));
                }
            }
            policy = PolicyCodec.read(meta.path("policy"), trusted);
            nonce = Hex.decode(new String(read(bundle, AuditWriter.NONCE), StandardCharsets.US_ASCII).strip());
            evidence = read(bundle, AuditWriter.ATTESTATION);
            List<FetchedAnswer> answers = new ArrayList<>();
            for (JsonNode p : meta.path("answers")) {
                String piece = p.asText();
                answers.add(AnswerCodec.read(JSON.readTree(read(bundle, AuditWriter.ANSWERS + piece + ".json")),
                        read(bundle, AuditWriter.ANSWERS + piece + ".body")));
            }
            inputs = LiveInputs.assemble(answers);
        } catch (IOException | CertificateException | RuntimeException e) {
            return AuditResult.unreadable(bundle, manifest, "the bundle's evidence cannot be read: " + e.getMessage());
        }
        Instant when = at != null ? at : recordedAt;
        VerificationReport report;
        try {
            report = AttestationVerification.verify(AttestationReport.parse(evidence, policy.limits()), policy,
                    VerificationContext.builder().expectedNonce(nonce).at(when).collateral(inputs.collateral()).nras(inputs.nras())
                    .jwks(inputs.jwks()).build());
        } catch (RuntimeException e) {
            return AuditResult.unreadable(bundle, manifest, "the attestation cannot be read: " + e.getMessage());
        }
        List<String> differences = new ArrayList<>();
        if (when.equals(recordedAt) && recordedAnchors) {
            differences.addAll(compareReports(bundle, report));
        }
        SignatureReport signature = null;
        if (kind.equals("completion")) {
            String unkeptReceipt = null;
            try {
                unkeptReceipt = unkeptReceipt(bundle);
                signature = signature(bundle, meta, evidence, unkeptReceipt, policy, at);
            } catch (IOException | RuntimeException e) {
                differences.add("the response signature cannot be checked again: " + e.getMessage());
            }
            differences.addAll(compareSignature(bundle, signature, unkeptReceipt != null));
        }
        return new AuditResult(bundle, kind, model, when, recordedAt, recordedAnchors, List.copyOf(manifest), report,
                signature, List.copyOf(differences), null);
    }

    /** The re-run report against the recorded one: the verdict and every check's status. */
    private static List<String> compareReports(Path bundle, VerificationReport now) {
        List<String> out = new ArrayList<>();
        JsonNode recorded;
        try {
            recorded = JSON.readTree(read(bundle, AuditWriter.VERIFICATION));
        } catch (IOException | RuntimeException e) {
            return List.of(AuditWriter.VERIFICATION + " cannot be read: " + e.getMessage());
        }
        Map<String, String> was = new LinkedHashMap<>();
        for (JsonNode c : recorded.path("checks")) {
            was.put(c.path("id").asText(), c.path("status").asText());
        }
        Map<String, String> is = new LinkedHashMap<>();
        now.checks().forEach(c -> is.put(c.id(), c.status().label()));
        if (recorded.path("passed").asBoolean(!now.passed()) != now.passed()) {
            out.add(AuditWriter.VERIFICATION + " records the verdict " + (now.passed() ? "failed" : "passed")
                    + " but the evidence re-verifies " + (now.passed() ? "passed" : "failed"));
        }
        for (Map.Entry<String, String> e : is.entrySet()) {
            String before = was.get(e.getKey());
            if (!e.getValue().equals(before)) {
                out.add(AuditWriter.VERIFICATION + " records " + e.getKey() + " as " + (before == null ? "not run"
                        : before) + " but it re-verifies " + e.getValue() + " (" + now.check(e.getKey())
                        .map(VerificationReport.Check::reason).orElse("") + ")");
            }
        }
        for (String id : was.keySet()) {
            if (!is.containsKey(id)) {
                out.add(AuditWriter.VERIFICATION + " records " + id + " as " + was.get(id) + " but it did not run now");
            }
        }
        return out;
    }

    /**
     * The receipt verdict a bundle records when its {@code signature.json} does not keep the receipt (written before
     * the answer was kept as served: its four fields only), else null: that verdict cannot be checked again.
     */
    private static String unkeptReceipt(Path bundle) throws IOException {
        if (!Files.isRegularFile(bundle.resolve(AuditWriter.SIGNATURE))
                || ResponseSignature.parse(read(bundle, AuditWriter.SIGNATURE)).hasReceipt()) {
            return null;
        }
        for (JsonNode c : JSON.readTree(read(bundle, AuditWriter.SIGNATURE_VERIFICATION)).path("checks")) {
            if (AciReceiptVerifier.VERDICT_CHECK.equals(c.path("id").asText())) {
                return c.path("verdict").asText();
            }
        }
        return null;
    }

    /**
     * @param policy the recorded policy (with the anchors in use), under which a recorded gateway answer is verified
     * @param at     the time to verify a recorded gateway answer at, or null for its recorded time
     */
    private SignatureReport signature(Path bundle, JsonNode meta, byte[] evidence, String unkeptReceipt,
                                      VerificationPolicy policy, Instant at) throws IOException {
        if (!Files.isRegularFile(bundle.resolve(AuditWriter.SIGNATURE))) {
            return null;
        }
        ResponseSignature sig = ResponseSignature.parse(read(bundle, AuditWriter.SIGNATURE));
        JsonNode c = meta.path("completion");
        String requestSha = Manifest.sha256(read(bundle, AuditWriter.REQUEST));
        String responseSha = c.path("response_recorded").asBoolean(false)
                ? Manifest.sha256(read(bundle, AuditWriter.RESPONSE)) : null;
        AttestationReport attestation = AttestationReport.parse(evidence);
        String address = attestation.signingKey().toOptional()
                .map(k -> EthAddress.ofPublicKey(k.bytes()).toLowerCase()).orElse(null);
        String model = meta.path("model").asText(null);
        SignatureReport report = new SignatureVerifier(crypto.signatureRecovery(), c.path("strict_hashes")
                .asBoolean(false)).verify(sig, address, model, requestSha, responseSha);
        String id = c.path("id").asText(null);
        // the receipt is checked again as the client checked it when the completion ran
        if (unkeptReceipt != null) {
            // never a pass: the receipt the client checked is not in the bundle
            return report.plus(List.of(new SignatureReport.Check(AciReceiptVerifier.VERDICT_CHECK,
                    SignatureReport.Verdict.UNVERIFIABLE, "UNVERIFIED: this bundle keeps the signature answer without"
                    + " its receipt (written before answers were kept as served), so the receipt, recorded as "
                    + unkeptReceipt + ", cannot be checked again")));
        }
        if (!sig.hasReceipt() || model == null || id == null) {
            return report;
        }
        Optional<AttestedKeyset> keyset = Optional.empty();
        List<SignatureReport.Check> more = new ArrayList<>();
        if (meta.has("gateway")) {
            GatewayRecheck g = gateway(bundle, meta.path("gateway"), attestation, policy, at);
            more.add(g.check());
            keyset = g.keyset();
        }
        more.addAll(new AciReceiptVerifier().verify(sig, attestation, model, id, keyset));
        return report.plus(more);
    }

    /**
     * The gateway's online step checked again: the re-run check {@value #GATEWAY_CHECK} and, when the recorded answer
     * verifies again, its attested keyset.
     */
    private record GatewayRecheck(SignatureReport.Check check, Optional<AttestedKeyset> keyset) {
        static GatewayRecheck of(SignatureReport.Verdict verdict, String reason) {
            return new GatewayRecheck(new SignatureReport.Check(GATEWAY_CHECK, verdict, reason), Optional.empty());
        }
    }

    /**
     * Verifies the recorded gateway answer again, with the recorded nonce, the keyset digest the recorded attestation
     * relayed, the recorded policy, at the recorded time (or {@code at}), with Intel's recorded answers for its quote.
     * A step that fetched nothing re-checks as what was recorded: there is nothing to verify, and it never passes.
     */
    private static GatewayRecheck gateway(Path bundle, JsonNode g, AttestationReport attestation,
                                          VerificationPolicy policy, Instant at) {
        String status = g.path("status").asText("?");
        String recorded = g.path("reason").asText("");
        if (status.equals("NOT_APPLICABLE")) {
            return GatewayRecheck.of(SignatureReport.Verdict.UNVERIFIABLE, "NOT_APPLICABLE: " + recorded);
        }
        if (!g.hasNonNull("attestation")) {
            // nothing was fetched: the recorded failure is all there is, and it fails as it did
            return GatewayRecheck.of(SignatureReport.Verdict.FAILED, status + ": " + recorded + " (recorded: no"
                    + " answer was fetched, so nothing can be verified again)");
        }
        String expected = attestation.aci().toOptional().map(AciEnvelope::servedKeysetDigest).orElse(null);
        if (expected == null) {
            return GatewayRecheck.of(SignatureReport.Verdict.FAILED, "REFUSED: the recorded attestation relays no"
                    + " keyset digest, so the recorded gateway answer attests nothing");
        }
        AciGatewayReport report;
        try {
            byte[] answer = read(bundle, g.path("attestation").asText());
            byte[] nonce = Hex.decode(g.path("nonce").asText());
            Instant when = at != null ? at : Instant.parse(g.path("verified_at").asText());
            List<FetchedAnswer> answers = new ArrayList<>();
            for (JsonNode p : g.path("answers")) {
                String piece = p.asText();
                answers.add(AnswerCodec.read(JSON.readTree(read(bundle, AuditWriter.GATEWAY_ANSWERS + piece
                        + ".json")), read(bundle, AuditWriter.GATEWAY_ANSWERS + piece + ".body")));
            }
            report = AciGatewayVerification.verify(answer, expected, policy, VerificationContext.builder()
                    .expectedNonce(nonce).at(when).collateral(LiveInputs.assemble(answers).collateral()).build());
        } catch (IOException | RuntimeException e) {
            return GatewayRecheck.of(SignatureReport.Verdict.FAILED, "REFUSED: the recorded gateway answer cannot be"
                    + " verified again: " + e.getMessage());
        }
        VerificationReport r = report.report();
        if (report.passed()) {
            return new GatewayRecheck(new SignatureReport.Check(GATEWAY_CHECK, SignatureReport.Verdict.PASSED,
                    "ATTESTED: keyset " + expected + " attested again by the gateway's recorded answer with the"
                    + " recorded nonce, at level " + r.level().label() + (r.level() == VerificationPolicy.Level.FULL
                    ? " (its quote checked with Intel's recorded answers)" : "")), report.attestedKeyset());
        }
        String failures = r.failures().stream().map(c -> c.id() + " (" + c.reason() + ")")
                .collect(Collectors.joining("; "));
        return GatewayRecheck.of(SignatureReport.Verdict.FAILED, "REFUSED: the gateway's recorded answer does not"
                + " pass level " + r.level().label() + ": " + failures);
    }

    /**
     * The re-checked signature against the recorded verification: the verdict and every check's. When the receipt was
     * not kept ({@code unkeptReceipt}), the receipt's checks and the verdict they made are not compared: they could
     * not run again, and the re-run report says so.
     */
    private static List<String> compareSignature(Path bundle, SignatureReport now, boolean unkeptReceipt) {
        JsonNode recorded;
        try {
            recorded = JSON.readTree(read(bundle, AuditWriter.SIGNATURE_VERIFICATION));
        } catch (IOException | RuntimeException e) {
            return List.of(AuditWriter.SIGNATURE_VERIFICATION + " cannot be read: " + e.getMessage());
        }
        String was = recorded.path("verdict").asText();
        String is = now == null ? "NOT_CHECKED" : now.verdict().name();
        List<String> out = new ArrayList<>();
        if (!was.equals(is) && !unkeptReceipt) {
            out.add(AuditWriter.SIGNATURE_VERIFICATION + " records the signature as " + was + " but it re-verifies "
                    + is);
        }
        if (now != null) {
            Map<String, String> before = new LinkedHashMap<>();
            recorded.path("checks").forEach(c -> before.put(c.path("id").asText(), c.path("verdict").asText()));
            for (SignatureReport.Check c : now.checks()) {
                if (unkeptReceipt && c.id().equals(AciReceiptVerifier.VERDICT_CHECK)) {
                    continue;
                }
                String b = before.get(c.id());
                if (!c.verdict().name().equals(b)) {
                    out.add(AuditWriter.SIGNATURE_VERIFICATION + " records " + c.id() + " as " + b
                            + " but it re-verifies " + c.verdict() + " (" + c.reason() + ")");
                }
            }
        }
        return out;
    }

    private static byte[] read(Path bundle, String path) throws IOException {
        Path f = bundle.resolve(path).normalize();
        if (!f.startsWith(bundle.normalize())) {
            throw new IOException(path + " points outside the bundle");
        }
        return Files.readAllBytes(f);
    }
}
