package io.venice.e2ee.chat;

import java.util.List;

/**
 * The whole answer once a stream has finished: the joined text, the last metadata seen, and the SHA-256 hashes of
 * the exchange's exact bytes that a response signature is checked against.
 *
 * @param id             completion id ({@code chatcmpl-...}), or null if the server sent none
 * @param model          model id as the server named it
 * @param content        the joined answer text
 * @param reasoning      the joined reasoning text (empty when none)
 * @param finishReason   why generation stopped
 * @param usage          token counts, or null
 * @param chunks         number of chunks received (excluding {@code [DONE]})
 * @param requestSha256  SHA-256 of the exact request body sent, lower-case hex, or null when not known
 * @param responseSha256 SHA-256 of the exact response bytes received, lower-case hex, or null when the chat was not
 *                       asked to hash them
 * @param privacy        how the chat travelled (what it protected: {@link PrivacyMode#meaning()})
 * @param warnings       text fields of an end-to-end-encrypted answer that arrived in plaintext and were let through
 *                       (plaintext reasoning, or any field when plaintext deltas are allowed); empty when none
 */
public record ChatCompletion(String id, String model, String content, String reasoning, String finishReason,
                             Usage usage, long chunks, String requestSha256, String responseSha256, PrivacyMode privacy,
                             List<ConfidentialityWarning> warnings) {
    /** Copies the warnings. */
    public ChatCompletion {
        warnings = List.copyOf(warnings);
    }

    /** Ids, lengths and hashes only: the decrypted answer never reaches a log through this. */
    @Override
    public String toString() {
        return "ChatCompletion[id=" + id + ", model=" + model + ", content "
                + (content == null ? "none" : content.length() + " chars") + ", reasoning "
                + (reasoning == null ? "none" : reasoning.length() + " chars") + ", finishReason=" + finishReason
                + ", usage=" + usage + ", " + chunks + " chunks, requestSha256=" + requestSha256
                + ", responseSha256=" + responseSha256 + ", privacy=" + privacy + ", warnings=" + warnings + "]";
    }
}
