package io.venice.e2ee.proxy;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.signature.SignatureReport;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a request gets a verified way to its model: one session per API key, model and mode, opened (attested,
 * verified, fresh key pair) once and shared by the requests that follow while it is fresh. The one place sessions are
 * held, so how they are opened and cached (the client library's sessions today, its attestation cache once it has one)
 * changes here alone.
 */
interface ModelSessions extends AutoCloseable {
    /**
     * A lease on the session for {@code model} in {@code mode}, opening one when there is none (or the one there is
     * has aged out or failed). Fails with the client's typed error when the attestation does not pass: no request
     * ever gets a key that failed verification.
     */
    CompletionStage<Lease> acquire(String apiKey, String model, PrivacyMode mode);

    /**
     * How the client for {@code apiKey} would send to {@code model}, TEE-only when {@code teeOnly}, never in plaintext:
     * from the model list's capabilities, which that client fetches once and keeps for a while. Fails (in the stage)
     * with the client's {@link io.venice.e2ee.client.PrivacyException} when no mode fits; never blocks the caller.
     */
    CompletionStage<io.venice.e2ee.chat.PrivacyMode> privacyMode(String apiKey, String model, boolean teeOnly);

    /** The models the upstream lists for {@code apiKey}, with their TEE and E2EE capabilities. */
    CompletionStage<List<ModelInfo>> models(String apiKey);

    /** Closes every session (zero-filling their keys) and client. */
    @Override
    void close();

    /** One request's use of a session; {@link #release()} it exactly once when the request is over. */
    interface Lease {
        /** The model. */
        String model();

        /** The mode the session serves. */
        PrivacyMode mode();

        /** The verification report of the session's current attestation. */
        VerificationReport report();

        /** The attested enclave signing address. */
        String signingAddress();

        /** Whether the session existed before this request (its attestation was reused). */
        boolean reused();

        /** Sends a chat; completes once the answer has started (its first text decrypted, for E2EE). */
        CompletionStage<ChatStream> chat(ChatRequest request);

        /** Fetches and checks the response signature of a finished answer of this session. */
        CompletionStage<SignatureReport> verifySignature(ChatCompletion completion);

        /** Ends this request's use; the session closes once aged out and no request uses it. */
        void release();
    }
}
