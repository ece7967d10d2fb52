package io.venice.e2ee.attestation.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.aci.AciGeneration;
import io.venice.e2ee.attestation.error.AttestationException.MalformedReceipt;
import io.venice.e2ee.attestation.internal.JsonFields;
import io.venice.e2ee.attestation.jcs.CanonicalizationException;
import io.venice.e2ee.attestation.jcs.Jcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ACI receipt: the gateway's Ed25519-signed account of one exchange (which keyset, which model, the hashes of the
 * request it received and the response it returned, where the completion ran), in either generation. The bytes signed
 * are the RFC 8785 JCS of the receipt as parsed: in the earlier form with only {@code signature.value} left out (its
 * {@code algo} and {@code key_id} stay), in the current form without the {@code signature} member (the top-level
 * {@code key_id} stays). Parsing checks forms only. Immutable.
 */
public final class Receipt {
    private static final JsonFields FIELDS = new JsonFields(MalformedReceipt::new);

    private final AciGeneration generation;
    private final ObjectNode document;
    private final String apiVersion;
    private final String receiptId;
    private final String chatId;
    private final String model;
    private final String workloadId;
    private final String workloadKeysetDigest;
    private final Long servedAt;
    private final List<ReceiptEvent> events;
    private final String keyId;
    private final String algo;
    private final byte[] signature;
    private final byte[] signedBytes;

    private Receipt(AciGeneration generation, ObjectNode document, String apiVersion, String receiptId, String chatId,
                    String model, String workloadId, String workloadKeysetDigest, Long servedAt,
                    List<ReceiptEvent> events, String keyId, String algo, byte[] signature, byte[] signedBytes) {
        this.generation = generation;
        this.document = document;
        this.apiVersion = apiVersion;
        this.receiptId = receiptId;
        this.chatId = chatId;
        this.model = model;
        this.workloadId = workloadId;
        this.workloadKeysetDigest = workloadKeysetDigest;
        this.servedAt = servedAt;
        this.events = events;
        this.keyId = keyId;
        this.algo = algo;
        this.signature = signature;
        this.signedBytes = signedBytes;
    }

    /**
     * Reads the receipt object {@code receipt}, found at {@code path}: the earlier form when {@code signature} is an
     * object, the current form when it is a string.
     *
     * @throws MalformedReceipt naming the member that cannot be read, or a receipt with no canonical form
     */
    public static Receipt read(JsonNode receipt, String path) {
        if (receipt == null || !receipt.isObject()) {
            throw new MalformedReceipt(path, "must be an object");
        }
        ObjectNode doc = receipt.deepCopy();
        JsonNode sig = doc.path("signature");
        AciGeneration generation;
        String keyId;
        String algo;
        byte[] signature;
        ObjectNode signed = doc.deepCopy();
        if (sig.isObject()) {
            generation = AciGeneration.EARLIER;
            keyId = FIELDS.requiredText(sig, "key_id", path + ".signature.key_id");
            algo = FIELDS.requiredText(sig, "algo", path + ".signature.algo");
            signature = FIELDS.requiredHex(sig, "value", path + ".signature.value", -1);
            ((ObjectNode) signed.get("signature")).remove("value");
        } else if (sig.isTextual()) {
            generation = AciGeneration.CURRENT;
            keyId = FIELDS.requiredText(doc, "key_id", path + ".key_id");
            algo = null;
            signature = FIELDS.requiredHex(doc, "signature", path + ".signature", -1);
            signed.remove("signature");
        } else {
            throw new MalformedReceipt(path + ".signature", sig.isMissingNode() ? "is missing"
                    : "must be a hex string (current form) or {algo, key_id, value} (earlier form)");
        }
        byte[] signedBytes;
        try {
            signedBytes = Jcs.canonicalize(signed, Jcs.Numbers.EXACT_INTEGERS);
        } catch (CanonicalizationException e) {
            throw new MalformedReceipt(path, "has no canonical form: " + e.getMessage());
        }
        return new Receipt(generation, doc, FIELDS.requiredText(doc, "api_version", path + ".api_version"),
                FIELDS.text(doc, "receipt_id", path + ".receipt_id"), FIELDS.text(doc, "chat_id", path + ".chat_id"),
                FIELDS.text(doc, "model", path + ".model"), FIELDS.text(doc, "workload_id", path + ".workload_id"),
                FIELDS.requiredText(doc, "workload_keyset_digest", path + ".workload_keyset_digest"),
                FIELDS.count(doc, "served_at", path + ".served_at"), events(doc, path), keyId, algo, signature,
                signedBytes);
    }

    private static List<ReceiptEvent> events(JsonNode doc, String path) {
        JsonNode log = FIELDS.array(doc, "event_log", path + ".event_log");
        if (log == null) {
            throw new MalformedReceipt(path + ".event_log", "is missing");
        }
        List<ReceiptEvent> out = new ArrayList<>(log.size());
        for (int i = 0; i < log.size(); i++) {
            String at = path + ".event_log[" + i + "]";
            JsonNode e = log.get(i);
            if (!e.isObject()) {
                throw new MalformedReceipt(at, "must be an object");
            }
            out.add(new ReceiptEvent(FIELDS.requiredText(e, "type", at + ".type"), FIELDS.count(e, "seq", at + ".seq"),
                    FIELDS.text(e, "body_hash", at + ".body_hash"), FIELDS.text(e, "wire_hash", at + ".wire_hash"),
                    FIELDS.text(e, "cleartext_hash", at + ".cleartext_hash"), FIELDS.text(e, "result", at + ".result"),
                    FIELDS.bool(e, "required", at + ".required"), FIELDS.text(e, "model_id", at + ".model_id"),
                    FIELDS.text(e, "session_id", at + ".session_id"),
                    FIELDS.text(e, "upstream_name", at + ".upstream_name"),
                    FIELDS.text(e, "url_origin", at + ".url_origin"),
                    FIELDS.text(e, "verifier_id", at + ".verifier_id"), FIELDS.text(e, "reason", at + ".reason")));
        }
        return List.copyOf(out);
    }

    /** The generation of its form. */
    public AciGeneration generation() {
        return generation;
    }

    /** The receipt as served (a copy). */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** {@code api_version}. */
    public String apiVersion() {
        return apiVersion;
    }

    /** {@code receipt_id}. */
    public Optional<String> receiptId() {
        return Optional.ofNullable(receiptId);
    }

    /** {@code chat_id}: the completion the receipt is for. */
    public Optional<String> chatId() {
        return Optional.ofNullable(chatId);
    }

    /** {@code model}: the model the gateway was asked for. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** The earlier form's {@code workload_id}. */
    public Optional<String> workloadId() {
        return Optional.ofNullable(workloadId);
    }

    /** {@code workload_keyset_digest}: the keyset whose key signed. */
    public String workloadKeysetDigest() {
        return workloadKeysetDigest;
    }

    /** {@code served_at} (unix seconds). */
    public Optional<Long> servedAt() {
        return Optional.ofNullable(servedAt);
    }

    /** {@code event_log}, in order. */
    public List<ReceiptEvent> events() {
        return events;
    }

    /** The first event of {@code type}. */
    public Optional<ReceiptEvent> event(String type) {
        return events.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    /** The receipt key that signed ({@code key_id}, or the earlier {@code signature.key_id}). */
    public String keyId() {
        return keyId;
    }

    /** The earlier form's {@code signature.algo}; the current form leaves it to the key's entry in the keyset. */
    public Optional<String> algo() {
        return Optional.ofNullable(algo);
    }

    /** The signature (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes the signature is over (the JCS of the receipt as its generation defines; a copy). */
    public byte[] signedBytes() {
        return signedBytes.clone();
    }
}
