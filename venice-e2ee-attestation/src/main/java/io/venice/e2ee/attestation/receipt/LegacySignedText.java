package io.venice.e2ee.attestation.receipt;

import io.venice.e2ee.attestation.error.AttestationException.MalformedReceipt;
import io.venice.e2ee.crypto.Hex;

import java.util.Locale;
import java.util.Optional;

/**
 * The text a legacy response signature signs (EIP-191, by the attested secp256k1 key): {@code "<request hash>:<response
 * hash>"}, or NEAR's {@code "<model>:<request hash>:<response hash>"}, each hash the hex SHA-256 without a
 * {@code sha256:} prefix. The signature itself is checked where the signer is recovered; this reads the text so its
 * hashes can be compared with a receipt's. Immutable.
 *
 * @param model        the model prefix of a three-part text, or null
 * @param requestHash  the request body's hash, lower-case hex
 * @param responseHash the response's hash, lower-case hex
 */
public record LegacySignedText(String model, String requestHash, String responseHash) {

    /**
     * Reads {@code text}.
     *
     * @throws MalformedReceipt for field {@code text} when it is not two or three colon-separated parts ending in two
     *                          SHA-256 hashes
     */
    public static LegacySignedText parse(String text) {
        int last = text.lastIndexOf(':');
        int middle = last <= 0 ? -1 : text.lastIndexOf(':', last - 1);
        if (last < 0) {
            throw new MalformedReceipt("text", "is not \"<request hash>:<response hash>\" or"
                    + " \"<model>:<request hash>:<response hash>\"");
        }
        String request = text.substring(middle + 1, last);
        String response = text.substring(last + 1);
        if (!isSha256(request) || !isSha256(response)) {
            throw new MalformedReceipt("text", "must end in two SHA-256 hashes (64 hex digits each)");
        }
        return new LegacySignedText(middle < 0 ? null : text.substring(0, middle), request.toLowerCase(Locale.ROOT),
                response.toLowerCase(Locale.ROOT));
    }

    /** The model prefix of a three-part text. */
    public Optional<String> modelPrefix() {
        return Optional.ofNullable(model);
    }

    private static boolean isSha256(String s) {
        return s.length() == 64 && Hex.isHex(s);
    }
}
