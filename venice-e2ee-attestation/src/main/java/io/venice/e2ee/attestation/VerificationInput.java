package io.venice.e2ee.attestation;

/**
 * What the built-in checks and every {@link io.venice.e2ee.spi.AttestationVerifier} extension read: the evidence, the
 * policy and the context, all immutable.
 */
public record VerificationInput(AttestationReport report, VerificationPolicy policy, VerificationContext context) {
}
