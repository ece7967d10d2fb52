package io.venice.e2ee.attestation.error;

import io.venice.e2ee.VeniceE2eeException;

/**
 * Attestation evidence (or an input given to verify it) could not be read. {@link #field()} names the field or
 * structure at fault; the message says what was wrong and never contains key material.
 */
public abstract sealed class AttestationException extends VeniceE2eeException
        permits AttestationException.MalformedEvidence, AttestationException.MalformedQuote,
        AttestationException.MalformedCollateral, AttestationException.MalformedGpuEvidence,
        AttestationException.MalformedNrasAnswer, AttestationException.MalformedReceipt {
    private static final long serialVersionUID = 1L;

    private final String field;

    AttestationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field or structure that could not be read, e.g. {@code "signing_key"} or {@code "quote.header"}. */
    public String field() {
        return field;
    }

    /** The attestation JSON itself: a field has the wrong type or form. */
    public static final class MalformedEvidence extends AttestationException {
        private static final long serialVersionUID = 1L;

        /** Creates the error for {@code field}. */
        public MalformedEvidence(String field, String message) {
            super(field, "attestation field '" + field + "': " + message);
        }
    }

    /** The Intel TDX quote: truncated, inconsistent lengths, or an unsupported kind. */
    public static final class MalformedQuote extends AttestationException {
        private static final long serialVersionUID = 1L;

        /** Creates the error for quote structure {@code field}. */
        public MalformedQuote(String field, String message) {
            super(field, "TDX quote " + field + ": " + message);
        }
    }

    /** The Intel collateral (TCB info, QE identity, CRLs, issuer chains). */
    public static final class MalformedCollateral extends AttestationException {
        private static final long serialVersionUID = 1L;

        /** Creates the error for collateral field {@code field}. */
        public MalformedCollateral(String field, String message) {
            super(field, "collateral '" + field + "': " + message);
        }
    }

    /** The NVIDIA GPU evidence (payload, certificate chain, SPDM evidence). */
    public static final class MalformedGpuEvidence extends AttestationException {
        private static final long serialVersionUID = 1L;

        /** Creates the error for GPU evidence field {@code field}. */
        public MalformedGpuEvidence(String field, String message) {
            super(field, "NVIDIA evidence '" + field + "': " + message);
        }
    }

    /** NVIDIA's remote attestation service answer or its key set (JWKS). */
    public static final class MalformedNrasAnswer extends AttestationException {
        private static final long serialVersionUID = 1L;

        /** Creates the error for NRAS field {@code field}. */
        public MalformedNrasAnswer(String field, String message) {
            super(field, "NRAS '" + field + "': " + message);
        }
    }

    /** The answer of {@code /tee/signature}, or the ACI receipt it carries. */
    public static final class MalformedReceipt extends AttestationException {
        private static final long serialVersionUID = 1L;

        /** Creates the error for signature-answer field {@code field}. */
        public MalformedReceipt(String field, String message) {
            super(field, "signature answer '" + field + "': " + message);
        }
    }
}
