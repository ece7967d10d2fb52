package io.venice.e2ee.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.compose.ComposeManagerEvidence;
import io.venice.e2ee.attestation.dstack.VmConfig;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.ohttp.OhttpAttestation;
import io.venice.e2ee.attestation.tdx.EventLogEntry;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The attestation JSON served by {@code GET /api/v1/tee/attestation}, parsed once into typed fields. Accepts every
 * form seen live (key under {@code signing_key} or {@code signing_public_key}, quote as hex or base64, event log as an
 * array or a JSON string, payload as a JSON string); ignores unknown fields. Each optional field is an
 * {@link EvidenceField}: absent, malformed (with the error naming the field) or present, so a field with the wrong
 * form fails the checks that read it and nothing else. Immutable; byte arrays and JSON trees are copies.
 */
public final class AttestationReport {
    private final EvidenceField<Boolean> verified;
    private final EvidenceField<String> model;
    private final EvidenceField<String> nonce;
    private final EvidenceField<String> requestNonce;
    private final EvidenceField<SigningKey> signingKey;
    private final EvidenceField<String> signingAddress;
    private final EvidenceField<String> signingAlgo;
    private final EvidenceField<byte[]> intelQuote;
    private final EvidenceField<String> nvidiaPayload;
    private final EvidenceField<List<EventLogEntry>> eventLog;
    private final EvidenceField<JsonNode> tcbInfo;
    private final EvidenceField<String> appCompose;
    private final EvidenceField<String> composeHash;
    private final JsonNode serverVerification;
    private final EvidenceField<String> modelName;
    private final EvidenceField<String> upstreamModel;
    private final EvidenceField<VmConfig> vmConfig;
    private final EvidenceField<ComposeManagerEvidence> composeManager;
    private final EvidenceField<OhttpAttestation> ohttpAttestation;
    private final EvidenceField<byte[]> ohttpKeyConfig;
    private final EvidenceField<String> tlsCertFingerprint;
    private final EvidenceField<AciEnvelope> aci;

    private AttestationReport(JsonNode root, EvidenceLimits limits) {
        this.verified = field("verified", () -> bool(root, "verified"));
        this.model = text(root, "model", "model");
        this.nonce = text(root, "nonce", "nonce");
        this.requestNonce = text(root, "request_nonce", "request_nonce");
        this.signingKey = key(root);
        this.signingAddress = text(root, "signing_address", "signing_address");
        this.signingAlgo = text(root, "signing_algo", "signing_algo");
        this.intelQuote = field("intel_quote", () -> quote(root, limits.maxQuoteChars()));
        this.nvidiaPayload = field("nvidia_payload", () -> payload(root));
        EvidenceField<JsonNode> info = object(root.path("info"), "info", false);
        this.tcbInfo = within(info, "info.tcb_info", i -> object(i.path("tcb_info"), "info.tcb_info", true));
        // a value read from a container (or from one of two places) is only as readable as all of them
        this.appCompose = orInAciEvidence(firstOf("info.tcb_info.app_compose", List.of(info, tcbInfo),
                within(tcbInfo, "info.tcb_info.app_compose", t -> text(t, "app_compose", "info.tcb_info.app_compose")),
                within(info, "info.app_compose", i -> text(i, "app_compose", "info.app_compose"))), root,
                "app_compose", e -> text(e, "app_compose", "attestation.evidence.app_compose"));
        this.composeHash = firstOf("info.compose_hash", List.of(info, tcbInfo),
                within(info, "info.compose_hash", i -> text(i, "compose_hash", "info.compose_hash")),
                within(tcbInfo, "info.tcb_info.compose_hash", t -> text(t, "compose_hash",
                        "info.tcb_info.compose_hash")));
        this.eventLog = eventLog(root, info, tcbInfo);
        JsonNode sv = root.path("server_verification");
        this.serverVerification = sv.isObject() ? sv.deepCopy() : MissingNode.getInstance();
        this.modelName = text(root, "model_name", "model_name");
        this.upstreamModel = text(root, "upstream_model", "upstream_model");
        this.vmConfig = within(info, "info.vm_config", i -> field("info.vm_config",
                () -> VmConfig.read(i, "vm_config", "info.vm_config")));
        this.composeManager = field("compose_manager_attestation",
                () -> ComposeManagerEvidence.read(root, "compose_manager_attestation"));
        this.ohttpAttestation = field("ohttp_attestation", () -> OhttpAttestation.read(root, "ohttp_attestation"));
        this.ohttpKeyConfig = field("ohttp_key_config", () -> hexBytes(root, "ohttp_key_config"));
        this.tlsCertFingerprint = text(root, "tls_cert_fingerprint", "tls_cert_fingerprint");
        this.aci = field("attestation", () -> AciEnvelope.read(root));
    }

    /**
     * Parses the attestation JSON text. Only a document that is not one JSON object is refused; a field with the wrong
     * form is an {@link EvidenceField.Malformed} field, so that the checks using it fail with its error while the
     * checks that do not (e.g. those of level {@code basic}) still run.
     *
     * @throws MalformedEvidence for field {@code (document)} when the text is not one JSON object (a repeated key, for
     *                           one, is refused: two readers could disagree on its value)
     */
    public static AttestationReport parse(String json) {
        return parse(json, EvidenceLimits.defaults());
    }

    /**
     * Parses the attestation JSON text as {@link #parse(String)} does, under {@code limits}: a quote longer than
     * {@link EvidenceLimits#maxQuoteChars()} is a malformed {@code intel_quote}, refused before it is decoded.
     *
     * @throws MalformedEvidence for field {@code (document)} when the text is not one JSON object
     */
    public static AttestationReport parse(String json, EvidenceLimits limits) {
        java.util.Objects.requireNonNull(limits, "limits");
        if (json == null) {
            throw new MalformedEvidence("(document)", "no attestation JSON given");
        }
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEvidence("(document)", Json.problem(e));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEvidence("(document)", "must be a JSON object");
        }
        return new AttestationReport(root, limits);
    }

    /** Parses the attestation JSON given as UTF-8 bytes. */
    public static AttestationReport parse(byte[] json) {
        return parse(json, EvidenceLimits.defaults());
    }

    /** Parses the attestation JSON given as UTF-8 bytes, under {@code limits}. */
    public static AttestationReport parse(byte[] json, EvidenceLimits limits) {
        if (json == null) {
            throw new MalformedEvidence("(document)", "no attestation JSON given");
        }
        return parse(new String(json, StandardCharsets.UTF_8), limits);
    }

    /** The server's own verdict ({@code verified}). Display only; never a substitute. */
    public EvidenceField<Boolean> verified() {
        return verified;
    }

    /** The model id ({@code model}). */
    public EvidenceField<String> model() {
        return model;
    }

    /** The echoed nonce as served under {@code nonce}. */
    public EvidenceField<String> nonce() {
        return nonce;
    }

    /** The echoed nonce as served under {@code request_nonce}. */
    public EvidenceField<String> requestNonce() {
        return requestNonce;
    }

    /**
     * Every echoed nonce that could be read, by field ({@code nonce}, then {@code request_nonce}); empty when neither
     * is served.
     */
    public Map<String, String> echoedNonces() {
        Map<String, String> out = new LinkedHashMap<>();
        for (EvidenceField<String> f : List.of(nonce, requestNonce)) {
            f.toOptional().ifPresent(v -> out.put(f.name(), v));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The enclave's secp256k1 public key ({@code signing_key}, else {@code signing_public_key}), parsed once: its 65
     * bytes and the text exactly as served. Malformed when a field is not such a key, or when both fields are served
     * and name different keys.
     */
    public EvidenceField<SigningKey> signingKey() {
        return signingKey;
    }

    /** The signing key's 65 bytes ({@code 04 ‖ X ‖ Y}, a copy), or null when it is absent or malformed. */
    public byte[] signingPublicKey() {
        return signingKey.toOptional().map(SigningKey::bytes).orElse(null);
    }

    /** The signing address as served ({@code signing_address}). */
    public EvidenceField<String> signingAddress() {
        return signingAddress;
    }

    /** The signing algorithm as served ({@code signing_algo}). */
    public EvidenceField<String> signingAlgo() {
        return signingAlgo;
    }

    /** The raw Intel TDX quote ({@code intel_quote}, decoded from hex or base64; a copy). */
    public EvidenceField<byte[]> intelQuote() {
        return intelQuote.map(byte[]::clone);
    }

    /** The NVIDIA payload JSON text ({@code nvidia_payload}; an object is given as its JSON text). */
    public EvidenceField<String> nvidiaPayload() {
        return nvidiaPayload;
    }

    /**
     * The TDX event log: top-level {@code event_log}, else {@code info.tcb_info.event_log} (either as an array or a
     * JSON string holding one). Malformed when the one read, or a container of it, cannot be read.
     */
    public EvidenceField<List<EventLogEntry>> eventLog() {
        return eventLog;
    }

    /** The app compose document ({@code info.tcb_info.app_compose}, else {@code info.app_compose}). */
    public EvidenceField<String> appCompose() {
        return appCompose;
    }

    /** The compose hash claimed by the server ({@code info.compose_hash}, else {@code info.tcb_info.compose_hash}). */
    public EvidenceField<String> composeHash() {
        return composeHash;
    }

    /** {@code info.tcb_info} (the server's claimed measurements; an object, or a JSON string holding one; a copy). */
    public EvidenceField<JsonNode> tcbInfo() {
        return tcbInfo.map(JsonNode::deepCopy);
    }

    /** {@code server_verification}: the server's own findings, for display only; a missing node when absent. */
    public JsonNode serverVerification() {
        return serverVerification.deepCopy();
    }

    /** The model's name as the upstream attests it ({@code model_name}, e.g. {@code Qwen/Qwen3.5-122B-A10B}). */
    public EvidenceField<String> modelName() {
        return modelName;
    }

    /** The upstream model Venice says it routed to ({@code upstream_model}). */
    public EvidenceField<String> upstreamModel() {
        return upstreamModel;
    }

    /** The CVM's launch configuration ({@code info.vm_config}, an object or a JSON string holding one). */
    public EvidenceField<VmConfig> vmConfig() {
        return vmConfig;
    }

    /** {@code compose_manager_attestation}: the compose-manager's quote over its deployment actions and our nonce. */
    public EvidenceField<ComposeManagerEvidence> composeManager() {
        return composeManager;
    }

    /** {@code ohttp_attestation}: an Ed25519 signature over the OHTTP key configuration. */
    public EvidenceField<OhttpAttestation> ohttpAttestation() {
        return ohttpAttestation;
    }

    /** {@code ohttp_key_config}: the OHTTP key configuration bytes served flat (a copy). */
    public EvidenceField<byte[]> ohttpKeyConfig() {
        return ohttpKeyConfig.map(byte[]::clone);
    }

    /** {@code tls_cert_fingerprint}: NEAR's TLS certificate fingerprint, which its Ed25519 reports bind. */
    public EvidenceField<String> tlsCertFingerprint() {
        return tlsCertFingerprint;
    }

    /**
     * The ACI ({@code aci/1}) envelope Venice relays for gateway-fronted ({@code -p}) models: the workload keyset and
     * the gateway's evidence. Its quote binds the legacy key, not the keyset.
     */
    public EvidenceField<AciEnvelope> aci() {
        return aci;
    }

    /** Every optional field, in the order above (for diagnostics: which could not be read, and why). */
    public List<EvidenceField<?>> fields() {
        return List.of(verified, model, nonce, requestNonce, signingKey, signingAddress, signingAlgo, intelQuote(),
                nvidiaPayload, eventLog, tcbInfo(), appCompose, composeHash, modelName, upstreamModel, vmConfig,
                composeManager, ohttpAttestation, ohttpKeyConfig(), tlsCertFingerprint, aci);
    }

    /** The distinct errors of the fields that could not be read, in the order of {@link #fields()}. */
    public List<MalformedEvidence> malformations() {
        Set<MalformedEvidence> out = new LinkedHashSet<>();
        for (EvidenceField<?> f : fields()) {
            f.malformation().ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    // ---- reading one field

    /** A field read by {@code read}: absent when it yields null, malformed when it throws. */
    private static <T> EvidenceField<T> field(String name, Supplier<T> read) {
        try {
            T value = read.get();
            return value == null ? EvidenceField.absent(name) : EvidenceField.present(name, value);
        } catch (MalformedEvidence e) {
            return EvidenceField.malformed(e);
        }
    }

    private static EvidenceField<String> text(JsonNode node, String key, String name) {
        return field(name, () -> optionalText(node, key, name));
    }

    /** A field read from a container field: malformed with the container's error, absent with it. */
    private static <T> EvidenceField<T> within(EvidenceField<JsonNode> container, String name,
                                               java.util.function.Function<JsonNode, EvidenceField<T>> read) {
        if (container instanceof EvidenceField.Present<JsonNode> p) {
            return read.apply(p.value());
        }
        if (container instanceof EvidenceField.Malformed<JsonNode> m) {
            return new EvidenceField.Malformed<>(name, m.error());
        }
        return EvidenceField.absent(name);
    }

    /**
     * The first of {@code sources} that is present; malformed with the first error when any of them, or of the
     * {@code containers} they are read from, is malformed.
     */
    @SafeVarargs
    private static <T> EvidenceField<T> firstOf(String name, List<EvidenceField<JsonNode>> containers,
                                                EvidenceField<T>... sources) {
        for (EvidenceField<JsonNode> c : containers) {
            if (c instanceof EvidenceField.Malformed<JsonNode> m) {
                return new EvidenceField.Malformed<>(name, m.error());
            }
        }
        for (EvidenceField<T> s : sources) {
            if (s.isMalformed()) {
                return s;
            }
        }
        for (EvidenceField<T> s : sources) {
            if (s.isPresent()) {
                return s;
            }
        }
        return EvidenceField.absent(name);
    }

    private static EvidenceField<List<EventLogEntry>> eventLog(JsonNode root, EvidenceField<JsonNode> info,
                                                                 EvidenceField<JsonNode> tcbInfo) {
        EvidenceField<List<EventLogEntry>> top = field("event_log", () -> parseEventLog(root.path("event_log"),
                "event_log"));
        if (top.isMalformed() || top.toOptional().map(l -> !l.isEmpty()).orElse(false)) {
            return top;
        }
        // not served at the top (or served empty): the one inside info.tcb_info
        EvidenceField<List<EventLogEntry>> inner = firstOf("info.tcb_info.event_log", List.of(info, tcbInfo),
                within(tcbInfo, "info.tcb_info.event_log", t -> field("info.tcb_info.event_log",
                        () -> parseEventLog(t.path("event_log"), "info.tcb_info.event_log"))));
        EvidenceField<List<EventLogEntry>> found = inner.isPresent() || inner.isMalformed() ? inner : top;
        return orInAciEvidence(found, root, "event_log", e -> field("attestation.evidence.event_log",
                () -> parseEventLog(e.path("event_log"), "attestation.evidence.event_log")));
    }

    /**
     * {@code found}, or when the legacy fields do not carry it, the ACI envelope's {@code attestation.evidence.<key>}
     * (a gateway serves its event log and app compose only there). Where it was read changes nothing about trust: the
     * event log must replay to the verified quote's RTMRs and the app compose hash to its MRCONFIGID.
     */
    private static <T> EvidenceField<T> orInAciEvidence(EvidenceField<T> found, JsonNode root, String key,
                                                        java.util.function.Function<JsonNode, EvidenceField<T>> read) {
        if (found.isPresent() || found.isMalformed()) {
            return found;
        }
        JsonNode evidence = root.path("attestation").path("evidence");
        if (!evidence.isObject() || !evidence.has(key)) {
            return found;
        }
        EvidenceField<T> inEnvelope = read.apply(evidence);
        return inEnvelope.isPresent() || inEnvelope.isMalformed() ? inEnvelope : found;
    }

    // ---- parsing values

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new MalformedEvidence(field, "must be true or false");
        }
        return v.booleanValue();
    }

    private static String optionalText(JsonNode node, String field, String name) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedEvidence(name, "must be a string");
        }
        return v.textValue();
    }

    private static EvidenceField<SigningKey> key(JsonNode root) {
        EvidenceField<SigningKey> a = field("signing_key", () -> parseKey(root, "signing_key"));
        EvidenceField<SigningKey> b = field("signing_public_key", () -> parseKey(root, "signing_public_key"));
        if (a.isMalformed()) {
            return a;
        }
        if (b.isMalformed()) {
            return b;
        }
        if (a instanceof EvidenceField.Present<SigningKey> ka && b instanceof EvidenceField.Present<SigningKey> kb
                && !ka.value().sameKey(kb.value())) {
            return EvidenceField.malformed(new MalformedEvidence("signing_key",
                    "differs from signing_public_key: the evidence names two keys"));
        }
        return a.isPresent() ? a : b;
    }

    private static SigningKey parseKey(JsonNode root, String field) {
        String text = optionalText(root, field, field);
        if (text == null) {
            return null;
        }
        try {
            return SigningKey.parse(field, text);
        } catch (EnvelopeException e) {
            if ("ed25519".equalsIgnoreCase(root.path("signing_algo").asText(""))) {
                // a backend asked directly may answer with its Ed25519 identity, which nothing can be sealed to
                throw new MalformedEvidence(field, "is an Ed25519 key (signing_algo ed25519): prompts can be sealed"
                        + " only to a secp256k1 key (signing_algo ecdsa, the form Venice serves); ask the backend"
                        + " for signing_algo=ecdsa");
            }
            throw new MalformedEvidence(field, e.getMessage());
        }
    }

    private static byte[] quote(JsonNode root, int maxChars) {
        String q = optionalText(root, "intel_quote", "intel_quote");
        if (q == null) {
            return null;
        }
        if (q.length() > maxChars) {
            throw new MalformedEvidence("intel_quote", "is " + q.length() + " characters long, more than the limit of "
                    + maxChars + " (a TDX quote is about 10 000 hex characters), so it was not decoded; raise"
                    + " EvidenceLimits.maxQuoteChars in the verification policy only for evidence known to carry"
                    + " larger quotes");
        }
        String text = withoutPrefix(q.strip());
        if (text.isEmpty()) {
            throw new MalformedEvidence("intel_quote", "is empty");
        }
        // hex is a subset of the base64 alphabet: an even-length all-hex string is read as hex, as served live
        if (Hex.isHex(text)) {
            return Hex.decode(text);
        }
        String compact = text.replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(compact);
            } catch (IllegalArgumentException e2) {
                throw new MalformedEvidence("intel_quote", "is neither hex nor base64");
            }
        }
    }

    private static byte[] hexBytes(JsonNode root, String field) {
        String text = optionalText(root, field, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        String hex = withoutPrefix(text.strip());
        if (!Hex.isHex(hex)) {
            throw new MalformedEvidence(field, "must be hex");
        }
        return Hex.decode(hex);
    }

    private static String payload(JsonNode root) {
        JsonNode v = root.path("nvidia_payload");
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            return v.toString();
        }
        if (!v.isTextual()) {
            throw new MalformedEvidence("nvidia_payload", "must be a JSON string or object");
        }
        return v.textValue().isBlank() ? null : v.textValue();
    }

    /** An object, or a JSON string holding one when {@code jsonString} allows it. */
    private static EvidenceField<JsonNode> object(JsonNode v, String name, boolean jsonString) {
        if (v.isMissingNode() || v.isNull()) {
            return EvidenceField.absent(name);
        }
        if (v.isObject()) {
            return EvidenceField.present(name, v);
        }
        if (jsonString && v.isTextual()) {
            try {
                JsonNode inner = Json.read(v.textValue());
                if (inner != null && inner.isObject()) {
                    return EvidenceField.present(name, inner);
                }
            } catch (JsonProcessingException e) {
                // reported below with the field name
            }
        }
        return EvidenceField.malformed(new MalformedEvidence(name, jsonString
                ? "must be an object (or a JSON string holding one)" : "must be an object"));
    }

    /** The register index, as a number or a numeric string (both are served). */
    private static int imr(JsonNode v, String name) {
        int value = -1;
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            value = v.intValue();
        } else if (v.isTextual() && v.textValue().strip().matches("[0-3]")) {
            value = Integer.parseInt(v.textValue().strip());
        }
        if (value < 0 || value > 3) {
            throw new MalformedEvidence(name, "must be an integer 0..3");
        }
        return value;
    }

    private static String withoutPrefix(String hex) {
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }

    private static List<EventLogEntry> parseEventLog(JsonNode v, String name) {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        JsonNode array = v;
        if (v.isTextual()) {
            if (v.textValue().isBlank()) {
                return null;
            }
            try {
                array = Json.read(v.textValue());
            } catch (JsonProcessingException e) {
                throw new MalformedEvidence(name, "string is not a JSON array: " + Json.problem(e));
            }
        }
        if (array == null || !array.isArray()) {
            throw new MalformedEvidence(name, "must be an array (or a JSON string holding one)");
        }
        List<EventLogEntry> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            String at = name + "[" + i + "]";
            if (!e.isObject()) {
                throw new MalformedEvidence(at, "must be an object");
            }
            int imr = imr(e.path("imr"), at + ".imr");
            String digest = optionalText(e, "digest", at + ".digest");
            if (digest == null || !Hex.isHex(digest)) {
                throw new MalformedEvidence(at + ".digest", "must be hex");
            }
            JsonNode type = e.path("event_type");
            long eventType = type.isIntegralNumber() ? type.longValue() : -1;
            String event = optionalText(e, "event", at + ".event");
            String payload = optionalText(e, "event_payload", at + ".event_payload");
            out.add(new EventLogEntry(imr, digest, eventType, event == null ? "" : event,
                    payload == null ? "" : payload));
        }
        return Collections.unmodifiableList(out);
    }
}
