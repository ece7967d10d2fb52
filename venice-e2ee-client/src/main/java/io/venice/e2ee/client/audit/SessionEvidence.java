package io.venice.e2ee.client.audit;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.collateral.LiveInputs;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What an attestation was verified from and how it went: everything an audit bundle needs to re-run the checks
 * offline.
 *
 * @param model           the model attested
 * @param baseUrl         the API it was asked of
 * @param nonce           the 32-byte nonce sent
 * @param attestationJson the attestation exactly as served
 * @param inputs          the collateral and NRAS answers used (bytes and headers as they arrived)
 * @param policy          the policy it was verified under
 * @param verifiedAt      the time it was verified at
 * @param report          the verification report
 */
public record SessionEvidence(String model, URI baseUrl, byte[] nonce, byte[] attestationJson, LiveInputs inputs,
                              VerificationPolicy policy, Instant verifiedAt, VerificationReport report) {
    /** Validates and copies. */
    public SessionEvidence {
        Objects.requireNonNull(model, "model");
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        attestationJson = Objects.requireNonNull(attestationJson, "attestationJson").clone();
        inputs = inputs == null ? LiveInputs.none() : inputs;
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(report, "report");
    }

    /** The nonce (a copy). */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** The attestation as served (a copy). */
    @Override
    public byte[] attestationJson() {
        return attestationJson.clone();
    }

    /** Short form: never the evidence. */
    @Override
    public String toString() {
        return "SessionEvidence[" + model + " at " + verifiedAt + "]";
    }
}
