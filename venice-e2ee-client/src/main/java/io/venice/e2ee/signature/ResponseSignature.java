package io.venice.e2ee.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.venice.e2ee.attestation.json.VeniceJson;
import java.io.IOException;

/**
 * A response signature as {@code GET /tee/signature} serves it.
 *
 * @param text           the signed text: {@code "<req sha256>:<resp sha256>"} or {@code "<model>:<req>:<resp>"}
 * @param signature      {@code 0x} + r ‖ s ‖ v in hex
 * @param signingAddress the address the server says signed it (informative: the attested address is what counts)
 * @param signingAlgo    {@code ecdsa}
 */
public record ResponseSignature(String text, String signature, String signingAddress, String signingAlgo) {
    private static final ObjectMapper JSON = VeniceJson.newMapper();

    /**
     * Parses the JSON answer.
     *
     * @throws ResponseSignatureException.Malformed if it is not JSON or lacks {@code text} or {@code signature}
     */
    public static ResponseSignature parse(byte[] json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new ResponseSignatureException.Malformed("the signature answer is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new ResponseSignatureException.Malformed("the signature answer is not a JSON object");
        }
        String text = textOf(n, "text");
        String sig = textOf(n, "signature");
        if (text == null || sig == null) {
            throw new ResponseSignatureException.Malformed("the signature answer lacks \"" + (text == null ? "text" : "signature")
                    + "\"");
        }
        return new ResponseSignature(text, sig, textOf(n, "signing_address"), textOf(n, "signing_algo"));
    }

    private static String textOf(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
