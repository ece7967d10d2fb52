package io.venice.e2ee.attestation.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedReceipt;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.internal.JsonFields;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The answer of {@code GET /api/v1/tee/signature?model=&request_id=}: the legacy EIP-191 signature (its {@code text},
 * {@code signature}, {@code signing_address}, {@code signing_algo}), the ACI receipt when the model is fronted by a
 * gateway that issues one, and Venice's own members ({@code model}, {@code request_id}, {@code requested_request_id},
 * {@code tee_provider}). Unknown members are ignored. Immutable.
 */
public final class SignatureResponse {
    private static final JsonFields FIELDS = new JsonFields(MalformedReceipt::new);

    private final String text;
    private final String signature;
    private final String signingAddress;
    private final String signingAlgo;
    private final String apiVersion;
    private final Receipt receipt;
    private final String model;
    private final String requestId;
    private final String requestedRequestId;
    private final String teeProvider;

    private SignatureResponse(JsonNode root) {
        this.text = FIELDS.text(root, "text", "text");
        this.signature = signature(root);
        this.signingAddress = FIELDS.text(root, "signing_address", "signing_address");
        this.signingAlgo = FIELDS.text(root, "signing_algo", "signing_algo");
        this.apiVersion = FIELDS.text(root, "api_version", "api_version");
        JsonNode r = root.path("receipt");
        this.receipt = r.isMissingNode() || r.isNull() ? null : Receipt.read(r, "receipt");
        this.model = FIELDS.text(root, "model", "model");
        this.requestId = FIELDS.text(root, "request_id", "request_id");
        this.requestedRequestId = FIELDS.text(root, "requested_request_id", "requested_request_id");
        this.teeProvider = FIELDS.text(root, "tee_provider", "tee_provider");
    }

    /**
     * Parses the answer.
     *
     * @throws MalformedReceipt naming the member that cannot be read (a repeated key, for one, is refused)
     */
    public static SignatureResponse parse(String json) {
        if (json == null) {
            throw new MalformedReceipt("(document)", "no signature answer given");
        }
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new MalformedReceipt("(document)", Json.problem(e));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedReceipt("(document)", "must be a JSON object");
        }
        return new SignatureResponse(root);
    }

    /** Parses the answer given as UTF-8 bytes. */
    public static SignatureResponse parse(byte[] json) {
        if (json == null) {
            throw new MalformedReceipt("(document)", "no signature answer given");
        }
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    /** {@code signature}: a hex string, or Venice's {@code {algorithm, value, public_key}} whose value is taken. */
    private static String signature(JsonNode root) {
        JsonNode s = root.path("signature");
        if (s.isObject()) {
            return FIELDS.requiredText(s, "value", "signature.value");
        }
        return FIELDS.text(root, "signature", "signature");
    }

    /** {@code text}: what the legacy signature signs. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The legacy signature ({@code 0x} ‖ r ‖ s ‖ v hex for ecdsa). */
    public Optional<String> signature() {
        return Optional.ofNullable(signature);
    }

    /** {@code signing_address}: the signer the answer names. */
    public Optional<String> signingAddress() {
        return Optional.ofNullable(signingAddress);
    }

    /** {@code signing_algo}. */
    public Optional<String> signingAlgo() {
        return Optional.ofNullable(signingAlgo);
    }

    /** {@code api_version} ({@code aci/1} from a gateway). */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    /** The ACI receipt, when served. */
    public Optional<Receipt> receipt() {
        return Optional.ofNullable(receipt);
    }

    /** Venice's {@code model}: the model id the answer is for. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** Venice's {@code request_id}. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** Venice's {@code requested_request_id}: the id asked for. */
    public Optional<String> requestedRequestId() {
        return Optional.ofNullable(requestedRequestId);
    }

    /** Venice's {@code tee_provider} ({@code near-ai}, {@code phala}). */
    public Optional<String> teeProvider() {
        return Optional.ofNullable(teeProvider);
    }
}
