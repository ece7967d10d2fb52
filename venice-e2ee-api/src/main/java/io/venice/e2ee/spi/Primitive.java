package io.venice.e2ee.spi;

/** The cryptographic primitives a {@link CryptoProvider} may serve, with the modules known to serve each. */
public enum Primitive {
    /** secp256k1 ECDH returning the shared X coordinate. */
    KEY_AGREEMENT("secp256k1 key agreement", "venice-e2ee-crypto-native or venice-e2ee-crypto-bc"),
    /** HKDF-SHA256. */
    KDF("HKDF-SHA256", "venice-e2ee-crypto-jca or venice-e2ee-crypto-bc"),
    /** AES-256-GCM with a 12-byte nonce and a 16-byte tag. */
    AEAD("AES-256-GCM", "venice-e2ee-crypto-jca or venice-e2ee-crypto-bc"),
    /** secp256k1 public-key recovery from an ECDSA signature (r, s, v). */
    SIGNATURE_RECOVERY("secp256k1 signature recovery", "venice-e2ee-crypto-native or venice-e2ee-crypto-bc");

    private final String displayName;
    private final String servedBy;

    Primitive(String displayName, String servedBy) {
        this.displayName = displayName;
        this.servedBy = servedBy;
    }

    /** Human name of the primitive, e.g. "AES-256-GCM". */
    public String displayName() {
        return displayName;
    }

    /** The modules that serve this primitive, for error messages that tell the user what to add. */
    public String servedBy() {
        return servedBy;
    }
}
