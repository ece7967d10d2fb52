package io.venice.e2ee.client;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.VerificationReport;

/**
 * One attestation fetched with a fresh nonce, and its verification under the client's policy.
 *
 * @param model        the model attested
 * @param nonce        the 32-byte nonce sent with the request
 * @param report       the parsed attestation
 * @param verification what was checked and how it went
 * @param modelKeyText the model public key exactly as served (sent back in {@code X-Venice-TEE-Model-Pub-Key}), or null
 * @param json         the attestation as served
 */
public record Attestation(String model, byte[] nonce, AttestationReport report, VerificationReport verification,
                          String modelKeyText, byte[] json) {
    /** Whether the attestation passed the policy. */
    public boolean passed() {
        return verification.passed();
    }

    /** Short form; never the evidence itself. */
    @Override
    public String toString() {
        return "Attestation[" + model + ", " + (passed() ? "passed" : "failed") + " at " + verification.level() + "]";
    }
}
