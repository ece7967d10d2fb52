package io.venice.e2ee.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.venice.e2ee.attestation.VerificationReport;

import java.util.Objects;

/**
 * The metadata of an answer from a verified end-to-end-encrypted session: LangChain4j's id, model, token usage and
 * finish reason, plus the attestation verification report the session was opened on and the enclave's signing
 * address (the key Venice signs its responses with). Reach it with
 * {@code (VeniceE2eeChatResponseMetadata) response.metadata()}.
 */
public class VeniceE2eeChatResponseMetadata extends ChatResponseMetadata {
    private final VerificationReport verificationReport;
    private final String signingAddress;

    /** Built by {@link Builder}. */
    protected VeniceE2eeChatResponseMetadata(Builder builder) {
        super(builder);
        this.verificationReport = builder.verificationReport;
        this.signingAddress = builder.signingAddress;
    }

    /** The verification report of the attestation the session was opened on (every check, all passed). */
    public VerificationReport verificationReport() {
        return verificationReport;
    }

    /** The enclave's signing address ({@code 0x...}, lower case), derived from the attested model key. */
    public String signingAddress() {
        return signingAddress;
    }

    /** A builder holding this metadata's values. */
    @Override
    public Builder toBuilder() {
        return ((Builder) toBuilder(builder())).verificationReport(verificationReport).signingAddress(signingAddress);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof VeniceE2eeChatResponseMetadata m
                && Objects.equals(verificationReport, m.verificationReport)
                && Objects.equals(signingAddress, m.signingAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), verificationReport, signingAddress);
    }

    /** The common fields, the verdict and the signing address; never the evidence itself. */
    @Override
    public String toString() {
        return "VeniceE2eeChatResponseMetadata{id='" + id() + "', modelName='" + modelName() + "', tokenUsage="
                + tokenUsage() + ", finishReason=" + finishReason() + ", verification='"
                + (verificationReport == null ? null : verificationReport.summary()) + "', signingAddress='"
                + signingAddress + "'}";
    }

    /** Builds {@link VeniceE2eeChatResponseMetadata}. */
    public static class Builder extends ChatResponseMetadata.Builder<Builder> {
        private VerificationReport verificationReport;
        private String signingAddress;

        /** An empty builder. */
        public Builder() {
        }

        /** The verification report of the session's attestation. */
        public Builder verificationReport(VerificationReport verificationReport) {
            this.verificationReport = verificationReport;
            return this;
        }

        /** The attested signing address. */
        public Builder signingAddress(String signingAddress) {
            this.signingAddress = signingAddress;
            return this;
        }

        /** The metadata. */
        @Override
        public VeniceE2eeChatResponseMetadata build() {
            return new VeniceE2eeChatResponseMetadata(this);
        }
    }
}
