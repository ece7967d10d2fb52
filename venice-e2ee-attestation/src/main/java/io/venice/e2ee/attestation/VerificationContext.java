package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;

import java.time.Instant;
import java.util.Objects;

/**
 * The inputs of one verification besides the evidence: the nonce we sent, the time to verify at (never read from the
 * clock during verification, so evidence can be re-checked later), and the optional Intel collateral and NVIDIA
 * remote-attestation answer with its key set. Immutable; build with {@link #builder()}.
 */
public final class VerificationContext {
    private final byte[] expectedNonce;
    private final Instant at;
    private final Collateral collateral;
    private final NrasAnswer nras;
    private final Jwks jwks;
    private final String requestedModel;

    private VerificationContext(Builder b) {
        this.expectedNonce = b.expectedNonce;
        this.at = b.at;
        this.collateral = b.collateral;
        this.nras = b.nras;
        this.jwks = b.jwks;
        this.requestedModel = b.requestedModel;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The 32-byte nonce sent with the attestation request (a copy), or null if none was given. */
    public byte[] expectedNonce() {
        return expectedNonce == null ? null : expectedNonce.clone();
    }

    /** The time certificates, collateral and tokens are evaluated at. */
    public Instant at() {
        return at;
    }

    /** Intel collateral, or null. */
    public Collateral collateral() {
        return collateral;
    }

    /** NVIDIA's remote attestation answer, or null. */
    public NrasAnswer nras() {
        return nras;
    }

    /** NVIDIA's remote attestation key set, or null. */
    public Jwks jwks() {
        return jwks;
    }

    /** The model id the attestation was requested for, which {@code model.match} compares the evidence with. */
    public java.util.Optional<String> requestedModel() {
        return java.util.Optional.ofNullable(requestedModel);
    }

    /** Builds a {@link VerificationContext}; {@link #at(Instant)} is required. */
    public static final class Builder {
        private byte[] expectedNonce;
        private Instant at;
        private Collateral collateral;
        private NrasAnswer nras;
        private Jwks jwks;
        private String requestedModel;

        private Builder() {
        }

        /** The 32-byte nonce sent with the request. */
        public Builder expectedNonce(byte[] nonce32) {
            Objects.requireNonNull(nonce32, "nonce32");
            if (nonce32.length != 32) {
                throw new IllegalArgumentException("the attestation nonce is 32 bytes, got " + nonce32.length);
            }
            this.expectedNonce = nonce32.clone();
            return this;
        }

        /** The time to verify at. */
        public Builder at(Instant time) {
            this.at = Objects.requireNonNull(time, "time");
            return this;
        }

        /** Intel collateral for level FULL. */
        public Builder collateral(Collateral collateral) {
            this.collateral = collateral;
            return this;
        }

        /** NVIDIA's remote attestation answer for level FULL. */
        public Builder nras(NrasAnswer nras) {
            this.nras = nras;
            return this;
        }

        /** NVIDIA's remote attestation key set for level FULL. */
        public Builder jwks(Jwks jwks) {
            this.jwks = jwks;
            return this;
        }

        /** The model id the attestation was requested for ({@code ?model=}); {@code model.match} runs when given. */
        public Builder requestedModel(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("the requested model id is blank");
            }
            this.requestedModel = model;
            return this;
        }

        /** The context. */
        public VerificationContext build() {
            if (at == null) {
                throw new IllegalStateException("set the verification time with at(Instant): verification never reads"
                        + " the clock itself");
            }
            return new VerificationContext(this);
        }
    }
}
