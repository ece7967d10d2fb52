package io.venice.e2ee.chat;

/**
 * A text field of an end-to-end-encrypted answer that arrived in plaintext and was let through (reasoning by
 * default; any field when plaintext deltas are allowed): that text was not encrypted to this client, so anyone on
 * its way (Venice included) could read it.
 *
 * @param chunkIndex the chunk that carried it (0-based)
 * @param field      the field, e.g. {@code delta.reasoning_content}
 */
public record ConfidentialityWarning(long chunkIndex, String field) {
    /** The warning as one sentence. */
    public String message() {
        return "chunk " + chunkIndex + " " + field + " arrived in plaintext in an end-to-end-encrypted session: that"
                + " text was not encrypted to this client and may have been read outside the enclave";
    }
}
