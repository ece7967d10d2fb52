package io.venice.e2ee.client;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.collateral.LiveInputs;

import java.time.Instant;
import java.util.Objects;

/**
 * One attestation fetched with a fresh nonce, and its verification under the client's policy, with the collateral
 * and NRAS answers it was verified with (at level {@code full}).
 *
 * @param model        the model attested
 * @param nonce        the 32-byte nonce sent with the request
 * @param report       the parsed attestation
 * @param verification what was checked and how it went
 * @param modelKey     the model's public key as served, parsed once; null when the attestation carries none
 * @param json         the attestation as served
 * @param inputs       the collateral and NRAS answers verification used (none below level {@code full})
 * @param verifiedAt   when it was verified (the time certificates, collateral and tokens were checked at), or null
 *                     when not known
 */
public record Attestation(String model, byte[] nonce, AttestationReport report, VerificationReport verification,
                          ModelKey modelKey, byte[] json, LiveInputs inputs, Instant verifiedAt) {
    /** Validates the parts; no inputs means none. */
    public Attestation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(verification, "verification");
        inputs = inputs == null ? LiveInputs.none() : inputs;
    }

    /** An attestation verified without collateral, at an unrecorded time. */
    public Attestation(String model, byte[] nonce, AttestationReport report, VerificationReport verification,
                       ModelKey modelKey, byte[] json) {
        this(model, nonce, report, verification, modelKey, json, LiveInputs.none(), null);
    }

    /** Whether the attestation passed the policy. */
    public boolean passed() {
        return verification.passed();
    }

    /**
     * The enclave's signing address: the one derived from the attested key, else the address the attestation states,
     * else null.
     */
    public String signingAddress() {
        return modelKey != null ? modelKey.address() : report.signingAddress().toOptional().orElse(null);
    }

    /** Short form; never the evidence itself. */
    @Override
    public String toString() {
        return "Attestation[" + model + ", " + (passed() ? "passed" : "failed") + " at " + verification.level() + "]";
    }
}
