package io.venice.e2ee.attestation.jcs;

/**
 * A JSON value has no canonical form under the rules asked for: a number that is not finite, a non-integer where only
 * integers are allowed, a string with an unpaired surrogate. The message names where, as a path from {@code $}.
 * Callers reading evidence turn it into the evidence error naming the field.
 */
public final class CanonicalizationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the error. */
    public CanonicalizationException(String message) {
        super(message);
    }
}
