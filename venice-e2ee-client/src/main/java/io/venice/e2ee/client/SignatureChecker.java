package io.venice.e2ee.client;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.ResponseSignatureException;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.signature.SignatureVerifier;

import java.util.concurrent.CompletableFuture;

/** Fetches the response signature of a completion and checks it against the attestation of its model. */
final class SignatureChecker {
    private final VeniceApi api;
    private final CryptoSuite crypto;
    private final boolean strictHashes;

    /** @param strictHashes whether a signed hash that differs from the exchange's fails instead of being unverifiable */
    SignatureChecker(VeniceApi api, CryptoSuite crypto, boolean strictHashes) {
        this.api = api;
        this.crypto = crypto;
        this.strictHashes = strictHashes;
    }

    /** Checks the signature of {@code completion}: the signer, and the hashes the completion knows. */
    CompletableFuture<SignatureReport> check(Attestation attestation, ChatCompletion completion) {
        if (completion.id() == null) {
            return CompletableFuture.failedFuture(new ResponseSignatureException.NoCompletionId(attestation.model()));
        }
        return api.signature(attestation.model(), completion.id()).thenApply(sig -> verify(sig, attestation,
                completion.requestSha256(), completion.responseSha256()));
    }

    /**
     * A response signature as fetched and its verification.
     *
     * @param signature the signature as served
     * @param report    its verification
     */
    record Checked(ResponseSignature signature, SignatureReport report) {
    }

    /** As {@link #check(Attestation, ChatCompletion)}, keeping the signature as fetched too (for an audit bundle). */
    CompletableFuture<Checked> fetchAndCheck(Attestation attestation, ChatCompletion completion) {
        if (completion.id() == null) {
            return CompletableFuture.failedFuture(new ResponseSignatureException.NoCompletionId(attestation.model()));
        }
        return api.signature(attestation.model(), completion.id()).thenApply(sig -> new Checked(sig, verify(sig,
                attestation, completion.requestSha256(), completion.responseSha256())));
    }

    /** Checks the signature of completion {@code requestId}: the signer; its hashes are not known here. */
    CompletableFuture<SignatureReport> check(Attestation attestation, String requestId) {
        return api.signature(attestation.model(), requestId).thenApply(sig -> verify(sig, attestation, null, null));
    }

    private SignatureReport verify(ResponseSignature sig, Attestation attestation, String requestSha256,
                                   String responseSha256) {
        // signature recovery is looked up when used: a suite without it fails only here, saying why
        return new SignatureVerifier(crypto.signatureRecovery(), strictHashes).verify(sig, attestation.signingAddress(),
                attestation.model(), requestSha256, responseSha256);
    }
}
