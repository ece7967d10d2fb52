package io.venice.e2ee.client;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.ReceiptVerifier;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.ResponseSignatureException;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.signature.SignatureVerifier;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Fetches the response signature of a completion and checks it against the attestation of its model, and its ACI
 * receipt when it carries one (with the configured {@link ReceiptVerifier}, by default
 * {@link io.venice.e2ee.signature.AciReceiptVerifier}).
 */
final class SignatureChecker {
    private final VeniceApi api;
    private final CryptoSuite crypto;
    private final boolean strictHashes;
    private final ReceiptVerifier receipts;

    /**
     * @param strictHashes whether a signed hash that differs from the exchange's fails instead of being unverifiable
     * @param receipts     checks ACI receipts
     */
    SignatureChecker(VeniceApi api, CryptoSuite crypto, boolean strictHashes, ReceiptVerifier receipts) {
        this.api = api;
        this.crypto = crypto;
        this.strictHashes = strictHashes;
        this.receipts = java.util.Objects.requireNonNull(receipts, "receipts");
    }

    /**
     * What requiring a signature adds to a chat of {@code attestation}'s model: once the answer is complete, its
     * signature is checked, and the completion fails with {@link ResponseSignatureException.NotVerified} unless it
     * ties the answer to the enclave ({@link SignatureReport#signedByEnclave()}).
     */
    Function<ChatCompletion, CompletionStage<ChatCompletion>> requirement(Attestation attestation) {
        return completion -> check(attestation, completion).thenApply(report -> {
            if (!report.signedByEnclave()) {
                throw new CompletionException(new ResponseSignatureException.NotVerified(completion.id(), report));
            }
            return completion;
        });
    }

    /** Checks the signature of {@code completion}: the signer, and the hashes the completion knows. */
    CompletableFuture<SignatureReport> check(Attestation attestation, ChatCompletion completion) {
        if (completion.id() == null) {
            return CompletableFuture.failedFuture(new ResponseSignatureException.NoCompletionId(attestation.model()));
        }
        return api.signature(attestation.model(), completion.id()).thenApply(sig -> verify(sig, attestation,
                completion.id(), completion.requestSha256(), completion.responseSha256()));
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
                attestation, completion.id(), completion.requestSha256(), completion.responseSha256())));
    }

    /** Checks the signature of completion {@code requestId}: the signer; its hashes are not known here. */
    CompletableFuture<SignatureReport> check(Attestation attestation, String requestId) {
        return api.signature(attestation.model(), requestId).thenApply(sig -> verify(sig, attestation, requestId, null,
                null));
    }

    private SignatureReport verify(ResponseSignature sig, Attestation attestation, String requestId,
                                   String requestSha256, String responseSha256) {
        // signature recovery is looked up when used: a suite without it fails only here, saying why
        SignatureReport report = new SignatureVerifier(crypto.signatureRecovery(), strictHashes).verify(sig,
                attestation.signingAddress(), attestation.model(), requestSha256, responseSha256);
        if (!sig.hasReceipt()) {
            return report;
        }
        return report.plus(receipts.verify(sig, attestation.report(), attestation.model(), requestId,
                java.util.Optional.empty()));
    }
}
