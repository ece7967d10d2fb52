package io.venice.e2ee.protocol;

import java.util.Locale;
import java.util.Optional;

/** Venice's documented error messages, each with what it means and what to do. */
public enum VeniceError {
    /** The server could not verify the enclave. */
    ATTESTATION_FAILED("TEE attestation verification failed", "the server could not verify the enclave; retry later"),
    /** The attestation nonce did not match. */
    NONCE_MISMATCH("Attestation nonce mismatch", "possible replay; attest again with a fresh nonce"),
    /** The enclave runs in debug mode. */
    DEBUG_MODE("TDX debug mode detected", "the enclave can be inspected; do not use this model"),
    /** The enclave could not decrypt a field. */
    DECRYPT_FAILED("Failed to decrypt field", "the model key may have rotated; attest again and retry with new keys"),
    /** Non-streaming request with E2EE. */
    REQUIRES_STREAMING("E2EE requires streaming", "set stream to true"),
    /** Plaintext sent with E2EE headers. */
    NOT_HEX("Encrypted field is not valid hex", "a message was sent in plaintext with E2EE headers; encrypt every"
            + " message"),
    /** The client key header is malformed. */
    INVALID_PUBLIC_KEY("Invalid public key", "the client key must be 130 hex digits starting 04"),
    /** The attestation nonce is not 32 bytes. */
    NONCE_LENGTH("Nonce must be exactly 32 bytes", "send a 32-byte (64 hex digit) nonce"),
    /** No enclave holds the model key the client named. */
    NO_PROVIDER("No provider found for model", "the model key rotated; attest again and retry with new keys");

    private final String message;
    private final String advice;

    VeniceError(String message, String advice) {
        this.message = message;
        this.advice = advice;
    }

    /** The message as Venice sends it (its stable prefix). */
    public String message() {
        return message;
    }

    /** What the caller can do about it. */
    public String advice() {
        return advice;
    }

    /** The documented error named in a server message, if any (case-insensitive substring match). */
    public static Optional<VeniceError> find(String serverMessage) {
        if (serverMessage == null) {
            return Optional.empty();
        }
        String lower = serverMessage.toLowerCase(Locale.ROOT);
        for (VeniceError e : values()) {
            if (lower.contains(e.message.toLowerCase(Locale.ROOT))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
