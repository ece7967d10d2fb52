package io.venice.e2ee.attestation;

import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.envelope.PublicKeyHex;

import java.util.Arrays;
import java.util.Objects;

/**
 * The enclave's (model's) secp256k1 public key as the evidence serves it, parsed once: the 65 bytes
 * {@code 04 ‖ X ‖ Y}, the exact text served (sent back unchanged in {@code X-Venice-TEE-Model-Pub-Key}) and the field
 * it came from. The form is checked here; whether the point is on the curve is the {@code key.present} check's job.
 * Immutable.
 */
public final class SigningKey {
    private final byte[] key;
    private final String servedText;
    private final String field;

    /**
     * A key parsed from {@code servedText} (130 hex digits starting {@code 04}, or 128 without it, optionally
     * {@code 0x}-prefixed) served under {@code field}.
     *
     * @throws io.venice.e2ee.envelope.EnvelopeException.InvalidPublicKey when the text is not such a key
     */
    static SigningKey parse(String field, String servedText) {
        String hex = servedText.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        return new SigningKey(PublicKeyHex.parse(hex), servedText, field);
    }

    private SigningKey(byte[] key, String servedText, String field) {
        this.key = key;
        this.servedText = Objects.requireNonNull(servedText, "servedText");
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The 65 bytes {@code 04 ‖ X ‖ Y} (a copy). */
    public byte[] bytes() {
        return key.clone();
    }

    /** The 130-digit lower-case hex form. */
    public String hex() {
        return PublicKeyHex.format(key);
    }

    /** The key exactly as served, before any normalisation. */
    public String servedText() {
        return servedText;
    }

    /** The field it was served under: {@code signing_key}, else {@code signing_public_key}. */
    public String field() {
        return field;
    }

    /** The Ethereum-style address of the key (last 20 bytes of Keccak-256 of X ‖ Y). */
    public EthAddress address() {
        return EthAddress.ofPublicKey(key);
    }

    /** Whether {@code other} holds the same 65 bytes. */
    public boolean sameKey(SigningKey other) {
        return Arrays.equals(key, other.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && Arrays.equals(key, k.key) && servedText.equals(k.servedText)
                && field.equals(k.field);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** The field and the normalised key (a public key: safe to show). */
    @Override
    public String toString() {
        return field + "=" + hex();
    }
}
