package io.venice.e2ee.client;

import io.venice.e2ee.crypto.EthAddress;

import java.util.Arrays;
import java.util.Objects;

/**
 * The model's public key as its attestation served it, parsed once when the attestation is read: the point requests
 * are encrypted to, the text sent back in {@code X-Venice-TEE-Model-Pub-Key}, and the enclave address derived from it
 * (the signer of response signatures). Immutable.
 */
public final class ModelKey {
    private final byte[] publicKey;
    private final String served;
    private final String address;

    /**
     * @param publicKey the secp256k1 point, 65 bytes starting {@code 04}
     * @param served    the key's text exactly as served (surrounding whitespace removed)
     */
    ModelKey(byte[] publicKey, String served) {
        this.publicKey = publicKey.clone();
        this.served = Objects.requireNonNull(served, "served").strip();
        this.address = EthAddress.ofPublicKey(this.publicKey).toLowerCase();
    }

    /** The public key, 65 bytes starting {@code 04} (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The key's text exactly as served, which Venice expects back in {@code X-Venice-TEE-Model-Pub-Key}. */
    public String served() {
        return served;
    }

    /** The Ethereum-style address of the key, {@code 0x} and 40 lower-case hex digits. */
    public String address() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelKey k && Arrays.equals(publicKey, k.publicKey) && served.equals(k.served);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "ModelKey[" + address + "]";
    }
}
