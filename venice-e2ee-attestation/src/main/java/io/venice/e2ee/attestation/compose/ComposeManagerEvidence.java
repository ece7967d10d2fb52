package io.venice.e2ee.attestation.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.dstack.VmConfig;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.JsonFields;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code compose_manager_attestation}: a second TDX quote from the same TD as the model's, made by dstack's
 * compose-manager, whose REPORTDATA binds {@code actions_hash ‖ nonce}: the record of every deployment action
 * (which compose file, tag and commit was brought up or down, and when). Served beside NEAR's model attestation, and
 * relayed by Venice. Its {@code event_log} and {@code vm_config} are JSON strings. Parsing checks forms only; the
 * compose-manager checks verify it. Immutable; arrays are copies.
 */
public final class ComposeManagerEvidence {
    private static final JsonFields FIELDS = new JsonFields(MalformedEvidence::new);

    private final List<ComposeAction> actions;
    private final JsonNode actionsJson;
    private final byte[] actionsHash;
    private final String nonce;
    private final String nonceSource;
    private final String quote;
    private final JsonNode eventLog;
    private final byte[] reportData;
    private final VmConfig vmConfig;

    private ComposeManagerEvidence(List<ComposeAction> actions, JsonNode actionsJson, byte[] actionsHash, String nonce,
                                   String nonceSource, String quote, JsonNode eventLog, byte[] reportData,
                                   VmConfig vmConfig) {
        this.actions = actions;
        this.actionsJson = actionsJson;
        this.actionsHash = actionsHash;
        this.nonce = nonce;
        this.nonceSource = nonceSource;
        this.quote = quote;
        this.eventLog = eventLog;
        this.reportData = reportData;
        this.vmConfig = vmConfig;
    }

    /**
     * The member {@code key} of {@code node}, or null when it is absent.
     *
     * @throws MalformedEvidence naming the exact member ({@code compose_manager_attestation.actions[3].tag}) served in a
     *                           form that cannot be read; {@code actions}, {@code actions_hash} and {@code quote} must
     *                           be served
     */
    public static ComposeManagerEvidence read(JsonNode node, String key) {
        JsonNode cm = FIELDS.object(node, key, key);
        if (cm == null) {
            return null;
        }
        JsonNode actionsJson = FIELDS.array(cm, "actions", key + ".actions");
        if (actionsJson == null) {
            throw new MalformedEvidence(key + ".actions", "is missing");
        }
        List<ComposeAction> actions = new ArrayList<>(actionsJson.size());
        for (int i = 0; i < actionsJson.size(); i++) {
            actions.add(action(actionsJson.get(i), key + ".actions[" + i + "]"));
        }
        byte[] hash = FIELDS.requiredHex(cm, "actions_hash", key + ".actions_hash", 32);
        String quote = FIELDS.requiredText(cm, "quote", key + ".quote");
        JsonNode log = cm.path("event_log");
        if (!log.isMissingNode() && !log.isNull() && !log.isTextual() && !log.isArray()) {
            throw new MalformedEvidence(key + ".event_log", "must be an array (or a JSON string holding one)");
        }
        return new ComposeManagerEvidence(List.copyOf(actions), actionsJson.deepCopy(), hash,
                FIELDS.text(cm, "nonce", key + ".nonce"), FIELDS.text(cm, "nonce_source", key + ".nonce_source"),
                quote, log.isMissingNode() || log.isNull() ? null : log.deepCopy(),
                FIELDS.hex(cm, "report_data", key + ".report_data", 64),
                VmConfig.read(cm, "vm_config", key + ".vm_config"));
    }

    private static ComposeAction action(JsonNode a, String at) {
        if (!a.isObject()) {
            throw new MalformedEvidence(at, "must be an object");
        }
        List<String> services = new ArrayList<>();
        JsonNode s = FIELDS.array(a, "services", at + ".services");
        if (s != null) {
            for (int i = 0; i < s.size(); i++) {
                if (!s.get(i).isTextual()) {
                    throw new MalformedEvidence(at + ".services[" + i + "]", "must be a string");
                }
                services.add(s.get(i).textValue());
            }
        }
        Map<String, String> other = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!ActionsHash.STRUCT_ORDER.contains(m.getKey())) {
                other.put(m.getKey(), m.getValue().toString());
            }
        }
        return new ComposeAction(FIELDS.text(a, "timestamp", at + ".timestamp"),
                FIELDS.requiredText(a, "action", at + ".action"), FIELDS.text(a, "tag", at + ".tag"),
                FIELDS.text(a, "commit", at + ".commit"), FIELDS.text(a, "file", at + ".file"),
                FIELDS.text(a, "file_sha256", at + ".file_sha256"), services,
                FIELDS.text(a, "container", at + ".container"), FIELDS.text(a, "image", at + ".image"), other);
    }

    /** The deployment actions, in the order served. */
    public List<ComposeAction> actions() {
        return actions;
    }

    /** The actions exactly as served (a copy), which is what {@code actions_hash} is recomputed from. */
    public JsonNode actionsJson() {
        return actionsJson.deepCopy();
    }

    /** {@code actions_hash}, 32 bytes (a copy). */
    public byte[] actionsHash() {
        return actionsHash.clone();
    }

    /** The echoed {@code nonce}, as served. */
    public Optional<String> nonce() {
        return Optional.ofNullable(nonce);
    }

    /** {@code nonce_source} ({@code client} when the nonce is the requester's). */
    public Optional<String> nonceSource() {
        return Optional.ofNullable(nonceSource);
    }

    /** The compose-manager's TDX quote as served (hex, or base64). */
    public String quote() {
        return quote;
    }

    /** {@code event_log} as served: a JSON string holding the event array, or the array itself. */
    public Optional<JsonNode> eventLog() {
        return Optional.ofNullable(eventLog).map(JsonNode::deepCopy);
    }

    /** {@code report_data}, 64 bytes (a copy), when served. */
    public Optional<byte[]> reportData() {
        return Optional.ofNullable(reportData).map(byte[]::clone);
    }

    /** {@code vm_config}, when served. */
    public Optional<VmConfig> vmConfig() {
        return Optional.ofNullable(vmConfig);
    }
}
