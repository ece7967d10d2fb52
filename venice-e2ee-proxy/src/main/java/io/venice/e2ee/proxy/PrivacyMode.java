package io.venice.e2ee.proxy;

/** How a request reaches its model; said to the caller in the {@code X-Venice-E2EE} response header. */
public enum PrivacyMode {
    /**
     * End-to-end encrypted: the prompt is encrypted to a model key whose attestation was verified, the answer to a
     * fresh session key of the proxy. Always used for an E2EE-capable model unless the request asks otherwise.
     */
    E2EE("verified"),
    /**
     * TEE-only: the model's enclave was attested and verified, but the prompt and answer travel in plaintext over
     * TLS to Venice, which can read them. Only when a request asks for it and the proxy allows it.
     */
    TEE_ONLY("tee-only");

    private final String header;

    PrivacyMode(String header) {
        this.header = header;
    }

    /** The value of the {@code X-Venice-E2EE} response header: {@code verified} or {@code tee-only}. */
    public String header() {
        return header;
    }
}
