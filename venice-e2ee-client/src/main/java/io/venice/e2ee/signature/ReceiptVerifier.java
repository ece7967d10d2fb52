package io.venice.e2ee.signature;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestedKeyset;

import java.util.List;
import java.util.Optional;

/**
 * Checks the ACI receipt a signature answer carries (models behind the Phala gateway): Ed25519 over the bytes its
 * generation signs, by a receipt key of the attested keyset. The client's default is {@link AciReceiptVerifier};
 * another can be plugged in with the builder.
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

    /**
     * As {@link #verify(ResponseSignature, AttestationReport, String, String)}, with the keyset the gateway's own
     * attestation attested when the client verified it; the client calls this one. By default the keyset is ignored.
     *
     * @param keyset the attested keyset of the model's gateway, or empty when the gateway's attestation was not
     *               verified
     */
    default List<SignatureReport.Check> verify(ResponseSignature signature, AttestationReport attestation, String model,
                                               String requestId, Optional<AttestedKeyset> keyset) {
        return verify(signature, attestation, model, requestId);
    }
}
