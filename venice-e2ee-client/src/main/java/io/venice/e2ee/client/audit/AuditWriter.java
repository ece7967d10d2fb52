package io.venice.e2ee.client.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.client.collateral.AnswerCodec;
import io.venice.e2ee.client.collateral.FetchedAnswer;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.SignatureReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Writes audit bundles into a directory, append-only: each bundle is a new directory of new files, never written
 * over, ending with a SHA-256 manifest. A bundle is self-contained: the nonce, the attestation as served, every
 * collateral and NRAS answer used (bytes and headers as they arrived), the policy and any extra trust anchors, the
 * verification report; for a completion also the request body and response bytes as they went over the wire
 * (ciphertext in an end-to-end-encrypted session; plaintext only when asked for), the response signature as served
 * (with its ACI receipt, when it carries one) and its verification, and, when the client attested the receipt's
 * gateway online, the gateway's answer as served with the nonce, URL, time and Intel's answers for its quote.
 * {@link AuditVerifier} re-runs every check from a bundle alone.
 */
public final class AuditWriter {
    /** The bundle format this writes. */
    public static final int FORMAT = 1;

    static final String BUNDLE = "bundle.json";
    static final String NONCE = "nonce.hex";
    static final String ATTESTATION = "attestation.json";
    static final String VERIFICATION = "verification.json";
    static final String ANSWERS = "collateral/";
    static final String ANCHORS = "trust-anchors/";
    static final String REQUEST = "request.json";
    static final String REQUEST_HEADERS = "request-headers.json";
    static final String RESPONSE = "response.bin";
    static final String SIGNATURE = "signature.json";
    static final String SIGNATURE_VERIFICATION = "signature-verification.json";
    static final String REQUEST_PLAINTEXT = "request-plaintext.json";
    static final String RESPONSE_PLAINTEXT = "response-plaintext.txt";
    static final String GATEWAY_ANSWER = "gateway/attestation.json";
    static final String GATEWAY_ANSWERS = "gateway/collateral/";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The kind of a bundle. */
    public enum Kind {
        /** An attestation verified on its own ({@code attest}). */
        ATTESTATION,
        /** A session opened on a verified attestation. */
        SESSION,
        /** One completion of a session, with its attestation. */
        COMPLETION;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A bundle written.
     *
     * @param directory      where
     * @param manifestSha256 the SHA-256 of its manifest: record it elsewhere to tie the bundle to this moment
     */
    public record Written(Path directory, String manifestSha256) {
    }

    private final Path directory;
    private final Clock clock;

    /** A writer into {@code directory} (created when first written). */
    public AuditWriter(Path directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The directory bundles are written into. */
    public Path directory() {
        return directory;
    }

    /** Writes a bundle of an attestation ({@link Kind#ATTESTATION}) or a session ({@link Kind#SESSION}). */
    public Written write(Kind kind, SessionEvidence session) throws IOException {
        if (kind == Kind.COMPLETION) {
            throw new IllegalArgumentException("a completion bundle needs its completion: use write(session, completion)");
        }
        BundleWriter b = BundleWriter.create(directory, clock.instant(), kind.label(), session.model());
        ObjectNode meta = session(b, kind, session);
        b.write(BUNDLE, JSON.writeValueAsString(meta));
        return new Written(b.directory(), b.finish());
    }

    /**
     * The signature answer as served (its receipt included), so that {@link AuditVerifier} checks exactly what the
     * client checked; only a signature that was not parsed from an answer (none kept) is written as its four fields.
     */
    static byte[] signatureBytes(ResponseSignature signature) throws IOException {
        if (signature.json() != null) {
            return signature.json().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("text", signature.text());
        s.put("signature", signature.signature());
        s.put("signing_address", signature.signingAddress());
        s.put("signing_algo", signature.signingAlgo());
        return JSON.writeValueAsBytes(s);
    }

    /** Writes a bundle of one completion, with the attestation of its session. */
    public Written write(SessionEvidence session, CompletionEvidence completion) throws IOException {
        BundleWriter b = BundleWriter.create(directory, clock.instant(), Kind.COMPLETION.label(), session.model());
        ObjectNode meta = session(b, Kind.COMPLETION, session);
        ObjectNode c = meta.putObject("completion");
        ChatCompletion done = completion.completion();
        c.put("id", done.id());
        c.put("finish_reason", done.finishReason());
        c.put("chunks", done.chunks());
        c.put("request_sha256", done.requestSha256());
        c.put("response_sha256", done.responseSha256());
        if (done.usage() != null) {
            c.putObject("usage").put("prompt_tokens", done.usage().promptTokens())
                    .put("completion_tokens", done.usage().completionTokens())
                    .put("total_tokens", done.usage().totalTokens());
        }
        c.put("strict_hashes", completion.strictHashes());
        b.write(REQUEST, completion.requestBody());
        b.write(REQUEST_HEADERS, JSON.writeValueAsString(JSON.valueToTree(completion.requestHeaders())));
        byte[] response = completion.responseBytes();
        c.put("response_recorded", response != null);
        if (response != null) {
            b.write(RESPONSE, response);
        }
        if (completion.signature() != null) {
            b.write(SIGNATURE, signatureBytes(completion.signature()));
        }
        b.write(SIGNATURE_VERIFICATION, JSON.writeValueAsString(signatureJson(completion.signatureReport(),
                completion.signatureError())));
        if (completion.gateway() != null) {
            gateway(b, meta.putObject("gateway"), completion.gateway());
        }
        boolean plaintext = completion.requestPlaintext() != null || completion.responsePlaintext() != null;
        c.put("plaintext", plaintext);
        if (completion.requestPlaintext() != null) {
            b.write(REQUEST_PLAINTEXT, completion.requestPlaintext());
        }
        if (completion.responsePlaintext() != null) {
            b.write(RESPONSE_PLAINTEXT, completion.responsePlaintext());
        }
        b.write(BUNDLE, JSON.writeValueAsString(meta));
        return new Written(b.directory(), b.finish());
    }

    /**
     * The gateway's online step: what was asked and when in {@code bundle.json}, the answer as served and Intel's
     * answers for its quote as files; a fetch that failed has its status and reason only.
     */
    private static void gateway(BundleWriter b, ObjectNode g, GatewayEvidence ev) throws IOException {
        g.put("status", ev.status());
        g.put("reason", ev.reason());
        g.put("url", ev.url().toString());
        g.put("nonce", ev.nonce() == null ? null : Hex.encode(ev.nonce()));
        g.put("verified_at", ev.at() == null ? null : ev.at().toString());
        byte[] answer = ev.answer();
        g.put("attestation", answer == null ? null : GATEWAY_ANSWER);
        if (answer != null) {
            b.write(GATEWAY_ANSWER, answer);
        }
        ArrayNode pieces = g.putArray("answers");
        for (FetchedAnswer a : ev.collateral().answers()) {
            b.write(GATEWAY_ANSWERS + a.piece() + ".body", a.body());
            b.write(GATEWAY_ANSWERS + a.piece() + ".json", JSON.writeValueAsString(AnswerCodec.describe(a)));
            pieces.add(a.piece());
        }
    }

    /** The signature's verification as JSON: {@code {verdict, recovered_address, checks:[...]}} or {@code {error}}. */
    static ObjectNode signatureJson(SignatureReport r, String error) {
        ObjectNode o = JSON.createObjectNode();
        if (r == null) {
            o.put("verdict", "NOT_CHECKED");
            o.put("error", error == null ? "no signature" : error);
            return o;
        }
        o.put("verdict", r.verdict().name());
        o.put("recovered_address", r.recoveredAddress());
        ArrayNode checks = o.putArray("checks");
        r.checks().forEach(x -> checks.addObject().put("id", x.id()).put("verdict", x.verdict().name())
                .put("reason", x.reason()));
        return o;
    }

    private ObjectNode session(BundleWriter b, Kind kind, SessionEvidence s) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("kind", kind.label());
        meta.put("model", s.model());
        meta.put("base_url", s.baseUrl() == null ? null : s.baseUrl().toString());
        meta.put("written_at", clock.instant().toString());
        meta.put("verified_at", s.verifiedAt().toString());
        meta.set("policy", PolicyCodec.write(s.policy()));
        b.write(NONCE, Hex.encode(s.nonce()) + "\n");
        b.write(ATTESTATION, s.attestationJson());
        ArrayNode pieces = meta.putArray("answers");
        for (FetchedAnswer a : s.inputs().answers()) {
            b.write(ANSWERS + a.piece() + ".body", a.body());
            b.write(ANSWERS + a.piece() + ".json", JSON.writeValueAsString(AnswerCodec.describe(a)));
            pieces.add(a.piece());
        }
        ArrayNode anchors = meta.putArray("extra_trust_anchors");
        List<X509Certificate> extra = s.policy().extraTrustAnchors();
        for (int i = 0; i < extra.size(); i++) {
            String path = ANCHORS + "extra-" + (i + 1) + ".pem";
            try {
                b.write(path, Pem.encode(extra.get(i)));
            } catch (CertificateException e) {
                throw new IOException("cannot encode a trust anchor", e);
            }
            anchors.add(path);
        }
        b.write(VERIFICATION, s.report().toJson());
        return meta;
    }
}
