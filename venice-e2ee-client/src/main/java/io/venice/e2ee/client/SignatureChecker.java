package io.venice.e2ee.client;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.ReceiptVerifier;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.ResponseSignatureException;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.signature.SignatureVerifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fetches the response signature of a completion and checks it against the attestation of its model, and its ACI
 * receipt when it carries one (with the configured {@link ReceiptVerifier}, by default
 * {@link io.venice.e2ee.signature.AciReceiptVerifier}), given the gateway's attested keyset when the client verifies
 * gateways online ({@link GatewayAttestor}): that step's outcome joins the report as {@value GatewayAttestation#CHECK}.
 */
final class SignatureChecker {
    private final VeniceApi api;
    private final CryptoSuite crypto;
    private final boolean strictHashes;
    private final ReceiptVerifier receipts;
    private final GatewayAttestor gateways;

    /**
     * A checker that verifies no gateway online: receipts are checked without an attested keyset.
     *
     * @param strictHashes whether a signed hash that differs from the exchange's fails instead of being unverifiable
     * @param receipts     checks ACI receipts
     */
    SignatureChecker(VeniceApi api, CryptoSuite crypto, boolean strictHashes, ReceiptVerifier receipts) {
        this(api, crypto, strictHashes, receipts, null);
    }

    /**
     * A checker.
     *
     * @param gateways attests a receipt's gateway online before the receipt is checked, or null for never
     */
    SignatureChecker(VeniceApi api, CryptoSuite crypto, boolean strictHashes, ReceiptVerifier receipts,
                     GatewayAttestor gateways) {
        this.api = api;
        this.crypto = crypto;
        this.strictHashes = strictHashes;
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.gateways = gateways;
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
        return fetchAndCheck(attestation, completion).thenApply(Checked::report);
    }

    /**
     * A response signature as fetched and its verification.
     *
     * @param signature the signature as served
     * @param report    its verification
     * @param gateway   the online step for the receipt's gateway, or null when none ran
     */
    record Checked(ResponseSignature signature, SignatureReport report, GatewayAttestation gateway) {
    }

    /** As {@link #check(Attestation, ChatCompletion)}, keeping the signature as fetched too (for an audit bundle). */
    CompletableFuture<Checked> fetchAndCheck(Attestation attestation, ChatCompletion completion) {
        if (completion.id() == null) {
            return CompletableFuture.failedFuture(new ResponseSignatureException.NoCompletionId(attestation.model()));
        }
        return api.signature(attestation.model(), completion.id()).thenCompose(sig -> verify(sig, attestation,
                completion.id(), completion.requestSha256(), completion.responseSha256()));
    }

    /** Checks the signature of completion {@code requestId}: the signer; its hashes are not known here. */
    CompletableFuture<SignatureReport> check(Attestation attestation, String requestId) {
        return api.signature(attestation.model(), requestId).thenCompose(sig -> verify(sig, attestation, requestId,
                null, null)).thenApply(Checked::report);
    }

    /** The report of {@code sig}; a receipt waits for its gateway's online step when the client runs one. */
    private CompletableFuture<Checked> verify(ResponseSignature sig, Attestation attestation, String requestId,
                                              String requestSha256, String responseSha256) {
        if (!sig.hasReceipt() || gateways == null) {
            return completed(() -> new Checked(sig, verify(sig, attestation, requestId, requestSha256, responseSha256,
                    null), null));
        }
        return gateways.attest(attestation).thenApply(gateway -> new Checked(sig, verify(sig, attestation, requestId,
                requestSha256, responseSha256, gateway), gateway));
    }

    private static <T> CompletableFuture<T> completed(Supplier<T> value) {
        try {
            return CompletableFuture.completedFuture(value.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * @param gateway the online step for {@code attestation}'s gateway, or null when the client runs none
     */
    private SignatureReport verify(ResponseSignature sig, Attestation attestation, String requestId,
                                   String requestSha256, String responseSha256, GatewayAttestation gateway) {
        // signature recovery is looked up when used: a suite without it fails only here, saying why
        SignatureReport report = new SignatureVerifier(crypto.signatureRecovery(), strictHashes).verify(sig,
                attestation.signingAddress(), attestation.model(), requestSha256, responseSha256);
        if (!sig.hasReceipt()) {
            return report;
        }
        List<SignatureReport.Check> more = new ArrayList<>();
        if (gateway != null) {
            more.add(gateway.check());
        }
        more.addAll(receipts.verify(sig, attestation.report(), attestation.model(), requestId,
                gateway == null ? Optional.empty() : gateway.keyset()));
        return report.plus(more);
    }
}
