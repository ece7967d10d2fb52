package io.venice.e2ee.attestation;

/** What every {@link io.venice.e2ee.spi.AttestationVerifier} of this library reads: the evidence, policy and context. */
public record VerificationInput(AttestationReport report, VerificationPolicy policy, VerificationContext context) {
}
