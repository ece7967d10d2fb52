package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.pki.Pem;

/**
 * How large the evidence an attestation server serves may be, so that a hostile server cannot make verification
 * decode megabytes or parse thousands of certificates before a check fails. Each limit is checked before the work it
 * bounds: a quote's length on its text, before it is decoded; a chain's certificates as they are counted, before the
 * one past the limit is decoded. Exceeding one fails the checks that read that evidence, naming the limit.
 *
 * @param maxQuoteChars        most characters of an {@code intel_quote} as served (hex or base64); a real TDX quote,
 *                             its certification chain included, is 5 to 8 KB, about 10 000 to 16 000 hex characters
 * @param maxChainCertificates most certificates in one PEM chain (the PCK chain in a quote, each GPU's chain); real
 *                             chains have 3 (Intel) or 5 (NVIDIA)
 */
public record EvidenceLimits(int maxQuoteChars, int maxChainCertificates) {
    /** The default {@link #maxQuoteChars()}: 131 072, eight times the longest real quote in hex. */
    public static final int DEFAULT_MAX_QUOTE_CHARS = 128 * 1024;
    /** The default {@link #maxChainCertificates()}: {@value Pem#DEFAULT_MAX_CERTIFICATES}. */
    public static final int DEFAULT_MAX_CHAIN_CERTIFICATES = Pem.DEFAULT_MAX_CERTIFICATES;

    private static final EvidenceLimits DEFAULTS = new EvidenceLimits(DEFAULT_MAX_QUOTE_CHARS,
            DEFAULT_MAX_CHAIN_CERTIFICATES);

    /** Validates the fields. */
    public EvidenceLimits {
        if (maxQuoteChars < 1 || maxChainCertificates < 1) {
            throw new IllegalArgumentException("evidence limits must be positive");
        }
    }

    /** The defaults: quotes of 131 072 characters, chains of 10 certificates. */
    public static EvidenceLimits defaults() {
        return DEFAULTS;
    }

    /** These limits with {@code maxQuoteChars} instead. */
    public EvidenceLimits withMaxQuoteChars(int maxQuoteChars) {
        return new EvidenceLimits(maxQuoteChars, maxChainCertificates);
    }

    /** These limits with {@code maxChainCertificates} instead. */
    public EvidenceLimits withMaxChainCertificates(int maxChainCertificates) {
        return new EvidenceLimits(maxQuoteChars, maxChainCertificates);
    }
}
