package io.venice.e2ee.attestation.aci;

import java.util.Objects;

/**
 * One key of a workload keyset: its id, algorithm ({@code ed25519}, {@code x25519-aes-256-gcm-hkdf-sha256},
 * {@code secp256k1-aes-256-gcm-hkdf-sha256}, ...) and public key as served (lower-case hex).
 *
 * @param keyId     {@code key_id} (empty for the earlier form's identity key, which has none)
 * @param algo      {@code algo}
 * @param publicKey {@code public_key}
 */
public record KeysetKey(String keyId, String algo, String publicKey) {
    /** Validates the parts. */
    public KeysetKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algo, "algo");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
