package io.venice.e2ee.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.tdx.EventLogEntry;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.envelope.PublicKeyHex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The attestation JSON served by {@code GET /api/v1/tee/attestation}, parsed into typed fields. Accepts every
 * form seen live (key under {@code signing_key} or {@code signing_public_key}, quote as hex or base64, event log as an
 * array or a JSON string, payload as a JSON string); ignores unknown fields. A field with the wrong form reads as absent
 * and is kept in {@link #malformedFields()} for the checks that use it. Immutable; getters return copies.
 */
public final class AttestationReport {
    private final Boolean verified;
    private final String model;
    private final Map<String, String> echoedNonces;
    private final byte[] signingPublicKey;
    private final String signingAddress;
    private final String signingAlgo;
    private final byte[] intelQuote;
    private final String nvidiaPayload;
    private final List<EventLogEntry> eventLog;
    private final String appCompose;
    private final String composeHash;
    private final JsonNode tcbInfo;
    private final JsonNode serverVerification;

    private final List<AttestationException.MalformedEvidence> malformed;

    private AttestationReport(JsonNode root) {
        List<AttestationException.MalformedEvidence> problems = new ArrayList<>();
        this.verified = lenient(problems, () -> optionalBoolean(root, "verified"));
        this.model = lenient(problems, () -> optionalText(root, "model"));
        Map<String, String> echoes = new LinkedHashMap<>();
        for (String field : List.of("nonce", "request_nonce")) {
            String echo = lenient(problems, () -> optionalText(root, field));
            if (echo != null) {
                echoes.put(field, echo);
            }
        }
        this.echoedNonces = Collections.unmodifiableMap(echoes);
        this.signingPublicKey = lenient(problems, () -> parseKey(root));
        this.signingAddress = lenient(problems, () -> optionalText(root, "signing_address"));
        this.signingAlgo = lenient(problems, () -> optionalText(root, "signing_algo"));
        this.intelQuote = lenient(problems, () -> parseQuote(root));
        this.nvidiaPayload = lenient(problems, () -> parsePayload(root));
        JsonNode info = root.path("info");
        if (!info.isMissingNode() && !info.isNull() && !info.isObject()) {
            problems.add(new AttestationException.MalformedEvidence("info", "must be an object"));
            info = MissingNode.getInstance();
        }
        JsonNode infoObject = info;
        JsonNode tcb = lenient(problems, () -> objectOrJsonString(infoObject.path("tcb_info"), "info.tcb_info"));
        this.tcbInfo = tcb == null ? MissingNode.getInstance() : tcb;
        String compose = lenient(problems, () -> optionalText(tcbInfo, "app_compose", "info.tcb_info.app_compose"));
        if (compose == null) {
            compose = lenient(problems, () -> optionalText(infoObject, "app_compose", "info.app_compose"));
        }
        this.appCompose = compose;
        String hash = lenient(problems, () -> optionalText(infoObject, "compose_hash", "info.compose_hash"));
        this.composeHash = hash != null ? hash
                : lenient(problems, () -> optionalText(tcbInfo, "compose_hash", "info.tcb_info.compose_hash"));
        List<EventLogEntry> log = lenient(problems, () -> parseEventLog(root.path("event_log"), "event_log"));
        if (log == null) {
            log = lenient(problems, () -> parseEventLog(tcbInfo.path("event_log"), "info.tcb_info.event_log"));
        }
        this.eventLog = log == null ? List.of() : log;
        JsonNode sv = root.path("server_verification");
        this.serverVerification = sv.isObject() ? sv.deepCopy() : MissingNode.getInstance();
        this.malformed = List.copyOf(problems);
    }

    /** Reads an optional field; a malformed one is recorded and read as absent. */
    private static <T> T lenient(List<AttestationException.MalformedEvidence> problems, Supplier<T> read) {
        try {
            return read.get();
        } catch (AttestationException.MalformedEvidence e) {
            problems.add(e);
            return null;
        }
    }

    /**
     * Parses the attestation JSON text. Only a document that is not a JSON object is refused; a field with the wrong
     * form is read as absent and recorded in {@link #malformedFields()}, so that the checks using it fail with its
     * error while the checks that do not (e.g. those of level {@code basic}) still run.
     *
     * @throws AttestationException.MalformedEvidence for field {@code (document)} when the text is not a JSON object
     */
    public static AttestationReport parse(String json) {
        if (json == null) {
            throw new AttestationException.MalformedEvidence("(document)", "no attestation JSON given");
        }
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new AttestationException.MalformedEvidence("(document)", Json.problem(e));
        }
        if (root == null || !root.isObject()) {
            throw new AttestationException.MalformedEvidence("(document)", "must be a JSON object");
        }
        return new AttestationReport(root);
    }

    /** Parses the attestation JSON given as UTF-8 bytes. */
    public static AttestationReport parse(byte[] json) {
        if (json == null) {
            throw new AttestationException.MalformedEvidence("(document)", "no attestation JSON given");
        }
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    /** The server's own verdict ({@code verified}), or null when absent. Display only; never a substitute. */
    public Boolean verified() {
        return verified;
    }

    /** The model id ({@code model}), or null. */
    public String model() {
        return model;
    }

    /** The echoed nonce as served ({@code nonce}, else {@code request_nonce}), or null. */
    public String nonce() {
        return echoedNonces.values().stream().findFirst().orElse(null);
    }

    /** Every echoed nonce as served, by field ({@code nonce}, then {@code request_nonce}); empty when neither is. */
    public Map<String, String> echoedNonces() {
        return echoedNonces;
    }

    /** The enclave's secp256k1 public key, 65 bytes starting {@code 04} (a copy), or null when absent. */
    public byte[] signingPublicKey() {
        return signingPublicKey == null ? null : signingPublicKey.clone();
    }

    /** The signing address as served ({@code signing_address}), or null. */
    public String signingAddress() {
        return signingAddress;
    }

    /** The signing algorithm as served ({@code signing_algo}), or null. */
    public String signingAlgo() {
        return signingAlgo;
    }

    /** The raw Intel TDX quote (decoded from hex or base64; a copy), or null when absent. */
    public byte[] intelQuote() {
        return intelQuote == null ? null : intelQuote.clone();
    }

    /** The NVIDIA payload JSON text ({@code nvidia_payload}), or null when absent. */
    public String nvidiaPayload() {
        return nvidiaPayload;
    }

    /** The TDX event log (top-level {@code event_log}, else {@code info.tcb_info.event_log}); empty when absent. */
    public List<EventLogEntry> eventLog() {
        return eventLog;
    }

    /** The app compose document ({@code info.tcb_info.app_compose} or {@code info.app_compose}), or null. */
    public String appCompose() {
        return appCompose;
    }

    /** The compose hash claimed by the server ({@code info.compose_hash}), or null. */
    public String composeHash() {
        return composeHash;
    }

    /** {@code info.tcb_info} (the server's claimed measurements), or a missing node. */
    public JsonNode tcbInfo() {
        return tcbInfo.deepCopy();
    }

    /** The fields that could not be read, each with its error (naming the field), in the order read. */
    public List<AttestationException.MalformedEvidence> malformedFields() {
        return malformed;
    }

    /**
     * The first recorded error for one of {@code fields}, for a field inside one ({@code event_log[3].imr} for
     * {@code event_log}), or for a field holding one ({@code info} for {@code info.tcb_info.event_log}).
     */
    public Optional<AttestationException.MalformedEvidence> malformed(String... fields) {
        for (AttestationException.MalformedEvidence e : malformed) {
            for (String field : fields) {
                if (e.field().equals(field) || inside(e.field(), field) || inside(field, e.field())) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Throws the first recorded error for {@code fields} (see {@link #malformed(String...)}).
     *
     * @throws AttestationException.MalformedEvidence naming the field that could not be read
     */
    public void requireWellFormed(String... fields) {
        Optional<AttestationException.MalformedEvidence> e = malformed(fields);
        if (e.isPresent()) {
            throw e.get();
        }
    }

    private static boolean inside(String field, String container) {
        return field.length() > container.length() && field.startsWith(container)
                && (field.charAt(container.length()) == '.' || field.charAt(container.length()) == '[');
    }

    /** {@code server_verification}: the server's own findings, for display only; a missing node when absent. */
    public JsonNode serverVerification() {
        return serverVerification.deepCopy();
    }

    private static Boolean optionalBoolean(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new AttestationException.MalformedEvidence(field, "must be true or false");
        }
        return v.booleanValue();
    }

    private static String optionalText(JsonNode node, String field) {
        return optionalText(node, field, field);
    }

    private static String optionalText(JsonNode node, String field, String name) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AttestationException.MalformedEvidence(name, "must be a string");
        }
        return v.textValue();
    }

    private static byte[] parseKey(JsonNode root) {
        String a = optionalText(root, "signing_key");
        String b = optionalText(root, "signing_public_key");
        byte[] ka = a == null ? null : key("signing_key", a);
        byte[] kb = b == null ? null : key("signing_public_key", b);
        if (ka != null && kb != null && !java.util.Arrays.equals(ka, kb)) {
            throw new AttestationException.MalformedEvidence("signing_key",
                    "differs from signing_public_key: the evidence names two keys");
        }
        return ka != null ? ka : kb;
    }

    private static byte[] key(String field, String hex) {
        try {
            return PublicKeyHex.parse(withoutPrefix(hex.strip()));
        } catch (EnvelopeException e) {
            throw new AttestationException.MalformedEvidence(field, e.getMessage());
        }
    }

    private static byte[] parseQuote(JsonNode root) {
        String q = optionalText(root, "intel_quote");
        if (q == null) {
            return null;
        }
        String text = withoutPrefix(q.strip());
        if (text.isEmpty()) {
            throw new AttestationException.MalformedEvidence("intel_quote", "is empty");
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
                throw new AttestationException.MalformedEvidence("intel_quote", "is neither hex nor base64");
            }
        }
    }

    private static String parsePayload(JsonNode root) {
        JsonNode v = root.path("nvidia_payload");
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            return v.toString();
        }
        if (!v.isTextual()) {
            throw new AttestationException.MalformedEvidence("nvidia_payload", "must be a JSON string or object");
        }
        return v.textValue().isBlank() ? null : v.textValue();
    }

    private static JsonNode objectOrJsonString(JsonNode v, String name) {
        if (v.isMissingNode() || v.isNull()) {
            return MissingNode.getInstance();
        }
        if (v.isObject()) {
            return v;
        }
        if (v.isTextual()) {
            try {
                JsonNode inner = Json.read(v.textValue());
                if (inner != null && inner.isObject()) {
                    return inner;
                }
            } catch (JsonProcessingException e) {
                // reported below with the field name
            }
        }
        throw new AttestationException.MalformedEvidence(name, "must be an object (or a JSON string holding one)");
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
            throw new AttestationException.MalformedEvidence(name, "must be an integer 0..3");
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
                throw new AttestationException.MalformedEvidence(name, "string is not a JSON array");
            }
        }
        if (array == null || !array.isArray()) {
            throw new AttestationException.MalformedEvidence(name, "must be an array (or a JSON string holding one)");
        }
        List<EventLogEntry> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            String at = name + "[" + i + "]";
            if (!e.isObject()) {
                throw new AttestationException.MalformedEvidence(at, "must be an object");
            }
            int imr = imr(e.path("imr"), at + ".imr");
            String digest = optionalText(e, "digest", at + ".digest");
            if (digest == null || !Hex.isHex(digest)) {
                throw new AttestationException.MalformedEvidence(at + ".digest", "must be hex");
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
