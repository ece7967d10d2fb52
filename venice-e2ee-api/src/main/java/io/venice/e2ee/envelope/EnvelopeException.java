package io.venice.e2ee.envelope;

import io.venice.e2ee.VeniceE2eeException;

/**
 * An envelope (or a key given for one) was refused. The {@link #check()} says which check failed; the message
 * says the same in words and never contains key material or plaintext.
 */
public abstract sealed class EnvelopeException extends VeniceE2eeException
        permits EnvelopeException.MalformedHex, EnvelopeException.TooShort, EnvelopeException.TooLong,
        EnvelopeException.InvalidPoint, EnvelopeException.TagMismatch, EnvelopeException.InvalidPublicKey {
    private static final long serialVersionUID = 1L;

    /** The check that refused the input. */
    public enum Check {
        /** A character outside {@code [0-9a-fA-F]} (including a {@code 0x} prefix). */
        NOT_HEX,
        /** An odd number of hex digits. */
        ODD_LENGTH,
        /** Fewer than 93 bytes (186 hex digits). */
        TOO_SHORT,
        /** More than {@link Envelope#MAX_LENGTH} bytes (a plaintext above {@link Envelope#MAX_PLAINTEXT_LENGTH}). */
        TOO_LONG,
        /** The ephemeral key is not an uncompressed point on secp256k1 (or is infinity). */
        INVALID_POINT,
        /** The AES-GCM tag does not verify. */
        TAG_MISMATCH,
        /** A public key given by the caller or the server is not 65 bytes uncompressed (or 64 without prefix). */
        INVALID_PUBLIC_KEY
    }

    private final Check check;

    EnvelopeException(Check check, String message) {
        super(message);
        this.check = check;
    }

    /** Which check failed. */
    public Check check() {
        return check;
    }

    /** Not hexadecimal: a bad character or an odd length. */
    public static final class MalformedHex extends EnvelopeException {
        private static final long serialVersionUID = 1L;

        MalformedHex(Check check, String message) {
            super(check, message);
        }
    }

    /** Shorter than the 93-byte minimum (65 key + 12 nonce + 16 tag). */
    public static final class TooShort extends EnvelopeException {
        private static final long serialVersionUID = 1L;

        TooShort(String message) {
            super(Check.TOO_SHORT, message);
        }
    }

    /** Longer than the 16 MiB maximum ({@link Envelope#MAX_LENGTH}). */
    public static final class TooLong extends EnvelopeException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(Check.TOO_LONG, message);
        }
    }

    /** The ephemeral public key is refused by point validation. */
    public static final class InvalidPoint extends EnvelopeException {
        private static final long serialVersionUID = 1L;

        InvalidPoint(String message) {
            super(Check.INVALID_POINT, message);
        }
    }

    /** The GCM tag does not verify: tampered, truncated, or encrypted to another key. */
    public static final class TagMismatch extends EnvelopeException {
        private static final long serialVersionUID = 1L;

        TagMismatch(String message) {
            super(Check.TAG_MISMATCH, message);
        }
    }

    /** A recipient or peer public key has the wrong form or is not on the curve. */
    public static final class InvalidPublicKey extends EnvelopeException {
        private static final long serialVersionUID = 1L;

        InvalidPublicKey(String message) {
            super(Check.INVALID_PUBLIC_KEY, message);
        }
    }
}
