package io.venice.e2ee.attestation.receipt;

import java.util.Objects;

/**
 * One event of a receipt's {@code event_log}: its type ({@code request.received}, {@code request.forwarded},
 * {@code upstream.verified}, {@code response.returned}, gateway extras), and the members the verifier reads; every
 * member, read or not, is covered by the receipt's signature.
 *
 * @param type          {@code type}
 * @param seq           {@code seq} (earlier form), or null
 * @param bodyHash      {@code body_hash} ({@code sha256:…}), or null
 * @param wireHash      {@code wire_hash} (earlier form's {@code response.returned}), or null
 * @param cleartextHash {@code cleartext_hash} (earlier form's {@code response.returned}), or null
 * @param result        {@code result} of {@code upstream.verified} ({@code verified} or {@code failed}), or null
 * @param required      {@code required} of {@code upstream.verified}, or null
 * @param modelId       {@code model_id} of {@code upstream.verified}, or null
 * @param sessionId     {@code session_id} of {@code upstream.verified}, or null
 * @param upstreamName  {@code upstream_name}, or null
 * @param urlOrigin     {@code url_origin} (earlier form), or null
 * @param verifierId    {@code verifier_id} (earlier form), or null
 * @param reason        {@code reason}, or null
 */
public record ReceiptEvent(String type, Long seq, String bodyHash, String wireHash, String cleartextHash, String result,
                           Boolean required, String modelId, String sessionId, String upstreamName, String urlOrigin,
                           String verifierId, String reason) {
    /** The type of the first event of every receipt. */
    public static final String REQUEST_RECEIVED = "request.received";
    /** The type of the event describing the answer the gateway returned. */
    public static final String RESPONSE_RETURNED = "response.returned";
    /** The type of the event saying whether the upstream that ran the completion was verified. */
    public static final String UPSTREAM_VERIFIED = "upstream.verified";

    /** Validates the type. */
    public ReceiptEvent {
        Objects.requireNonNull(type, "type");
    }

    /**
     * For {@code response.returned}: the hash of the bytes the gateway returned ({@code body_hash}, or the earlier
     * form's {@code wire_hash}), or null.
     */
    public String returnedHash() {
        return bodyHash != null ? bodyHash : wireHash;
    }
}
