package io.venice.e2ee.spi;

/**
 * What a provider promises about timing side channels for one primitive: how much an observer who can time the
 * operation, or watch its branches and memory accesses, can learn of the secret inputs. Each provider states it per
 * primitive in {@link Availability#timing()}, and {@code venice-e2ee providers} prints it.
 */
public enum TimingGuarantee {
    /**
     * Constant time: the engine's code takes time, branches and memory accesses that do not depend on any secret
     * input, on every call (libsecp256k1's {@code secp256k1_ecdh} and {@code secp256k1_ec_pubkey_create}; AES and
     * GHASH on AES-NI and carry-less multiply instructions; SHA-256).
     */
    CONSTANT_TIME("constant time"),
    /**
     * Blinded variable time: the arithmetic itself is variable time in its scalar, so the private key is never its
     * scalar. Each call splits the key into fresh random shares (multiplicatively, r and d·r⁻¹ mod n, or additively,
     * k₁ + k₂ mod n) and multiplies by the shares only, so the timings of any number of calls are independent of the
     * key. This is weaker than constant time: a single trace fine enough to read the digits of both blinded
     * multiplies of one call (a cache, power or electromagnetic trace, not a wall-clock time) can leak both shares,
     * and with them the key.
     */
    BLINDED_VARIABLE_TIME("blinded variable time"),
    /**
     * Plain: no constant-time engine and no blinding are claimed; timing, branches or table lookups may depend on
     * secret inputs.
     */
    VARIABLE_TIME("variable time (plain)"),
    /** The primitive handles public data only (signature recovery), so its timing reveals nothing secret. */
    PUBLIC_INPUTS_ONLY("public inputs only");

    private final String label;

    TimingGuarantee(String label) {
        this.label = label;
    }

    /** A short human label, e.g. "blinded variable time", as {@code venice-e2ee providers} prints it. */
    public String label() {
        return label;
    }
}
