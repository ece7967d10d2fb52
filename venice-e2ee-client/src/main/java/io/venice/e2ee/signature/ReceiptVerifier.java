package io.venice.e2ee.signature;

import io.venice.e2ee.attestation.AttestationReport;

import java.util.List;

/**
 * Checks the ACI receipt a signature answer carries (models behind the Phala gateway): Ed25519 over the bytes its
 * generation signs, by a receipt key of the attested keyset. Plugged into the client; without one, a receipt is
 * reported as not checked ({@code signature.receipt} UNVERIFIABLE), never as passed.
 */
@FunctionalInterface
public interface ReceiptVerifier {
    /**
     * The checks of {@code signature}'s receipt ({@link ResponseSignature#hasReceipt()} is true), each with an id
     * starting {@code receipt.}; a check that fails makes the signature's verdict FAILED.
     *
     * @param signature   the answer as served ({@link ResponseSignature#json()} holds its exact text)
     * @param attestation the model's attestation the signature is checked against
     * @param model       the model id the completion was requested for (a receipt for another is a substitution)
     * @param requestId   the completion id the signature was asked for
     */
    List<SignatureReport.Check> verify(ResponseSignature signature, AttestationReport attestation, String model,
                                       String requestId);
}
