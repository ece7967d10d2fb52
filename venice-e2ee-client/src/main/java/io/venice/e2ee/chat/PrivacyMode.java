package io.venice.e2ee.chat;

/**
 * How a chat travelled, and so what it protects. Chosen from the model list's capabilities and the client's options,
 * never from the model's name.
 */
public enum PrivacyMode {
    /**
     * Every message encrypted to the attested enclave's key, every answer chunk encrypted to this session's key,
     * {@code venice_parameters.enable_e2ee: true}.
     */
    END_TO_END("end-to-end", "end-to-end encrypted: the prompt and the answer were encrypted between this process and"
            + " the attested enclave, so nobody outside that enclave (Venice included) could read them"),
    /**
     * The model's attestation is fetched and verified, but the prompt and answer travel in plaintext inside TLS
     * ({@code venice_parameters.enable_e2ee: false}, no E2EE headers): Venice can read them.
     */
    TEE_ONLY("tee-only", "TEE-only: the enclave's attestation was verified, but the prompt and the answer travelled"
            + " in plaintext inside TLS to Venice, which can read them before they reach the enclave"),
    /** The model offers neither attestation nor encryption: plaintext inside TLS, nothing verified. */
    PLAINTEXT("plaintext", "not private: the model offers neither TEE attestation nor end-to-end encryption, so the"
            + " prompt and the answer travelled in plaintext inside TLS and nothing about the model was verified");

    /**
     * What no mode gives: the protocol does not authenticate the answer's chunks, so only a verified response
     * signature (or receipt) ties a completion to the enclave.
     */
    public static final String UNAUTHENTICATED_CHUNKS = "the protocol does not authenticate the answer's chunks: only a"
            + " response signature (or receipt) that verifies ties this answer to the attested enclave";

    private final String label;
    private final String meaning;

    PrivacyMode(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    /** Short name for output: {@code end-to-end}, {@code tee-only} or {@code plaintext}. */
    public String label() {
        return label;
    }

    /** One sentence saying what this mode protects and what it does not. */
    public String meaning() {
        return meaning;
    }
}
