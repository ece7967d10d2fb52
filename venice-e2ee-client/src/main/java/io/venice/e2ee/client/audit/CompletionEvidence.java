package io.venice.e2ee.client.audit;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.SignatureReport;

import java.util.Map;
import java.util.Objects;

/**
 * One completion as it went over the wire, and its response signature: everything an audit bundle needs to check the
 * signature again offline. The bodies are those sent and received: ciphertext in an end-to-end-encrypted session.
 *
 * @param requestBody       the request body exactly as sent
 * @param requestHeaders    the end-to-end encryption headers sent with it (never the API key)
 * @param responseBytes     the response bytes exactly as received, or null when they were not kept
 * @param completion        the completion (id, finish reason, usage, hashes)
 * @param signature         the response signature as fetched, or null when it could not be fetched
 * @param signatureReport   its verification, or null with {@code signature}
 * @param signatureError    why the signature could not be fetched or checked, or null
 * @param strictHashes      whether a differing hash counted as failed (else unverifiable)
 * @param requestPlaintext  the request in plaintext (only when asked for), or null
 * @param responsePlaintext the answer in plaintext (only when asked for), or null
 * @param gateway           the online step for the receipt's gateway, or null when none ran
 */
public record CompletionEvidence(byte[] requestBody, Map<String, String> requestHeaders, byte[] responseBytes,
                                 ChatCompletion completion, ResponseSignature signature,
                                 SignatureReport signatureReport, String signatureError, boolean strictHashes,
                                 String requestPlaintext, String responsePlaintext, GatewayEvidence gateway) {
    /** Validates and copies. */
    public CompletionEvidence {
        requestBody = Objects.requireNonNull(requestBody, "requestBody").clone();
        requestHeaders = Map.copyOf(requestHeaders);
        responseBytes = responseBytes == null ? null : responseBytes.clone();
        Objects.requireNonNull(completion, "completion");
    }

    /** Evidence of a completion whose receipt's gateway was not attested online. */
    public CompletionEvidence(byte[] requestBody, Map<String, String> requestHeaders, byte[] responseBytes,
                              ChatCompletion completion, ResponseSignature signature, SignatureReport signatureReport,
                              String signatureError, boolean strictHashes, String requestPlaintext,
                              String responsePlaintext) {
        this(requestBody, requestHeaders, responseBytes, completion, signature, signatureReport, signatureError,
                strictHashes, requestPlaintext, responsePlaintext, null);
    }

    /** The request body (a copy). */
    @Override
    public byte[] requestBody() {
        return requestBody.clone();
    }

    /** The response bytes (a copy), or null. */
    @Override
    public byte[] responseBytes() {
        return responseBytes == null ? null : responseBytes.clone();
    }

    /** Short form: never the bodies. */
    @Override
    public String toString() {
        return "CompletionEvidence[" + completion.id() + "]";
    }
}
