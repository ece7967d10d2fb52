package io.venice.e2ee.envelope;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.InvalidHexException;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.InvalidPeerKeyException;

import java.util.Arrays;

/**
 * One encrypted field: {@code ephemeralPublicKey[65] || nonce[12] || ciphertext || tag[16]}, written as lower-case
 * hex. Parsing checks the form (hex, even length, between {@link #MIN_LENGTH} and {@link #MAX_LENGTH} bytes,
 * {@code 04} prefix); the curve check and the tag check happen when it is opened by {@link EnvelopeCipher}.
 * Immutable. The length limits are stated here and nowhere else.
 */
public final class Envelope {
    /** Ephemeral public key length. */
    public static final int EPHEMERAL_KEY_LENGTH = 65;
    /** GCM nonce length. */
    public static final int NONCE_LENGTH = 12;
    /** GCM tag length. */
    public static final int TAG_LENGTH = 16;
    /** Offset of the nonce. */
    public static final int NONCE_OFFSET = EPHEMERAL_KEY_LENGTH;
    /** Offset of the ciphertext. */
    public static final int CIPHERTEXT_OFFSET = EPHEMERAL_KEY_LENGTH + NONCE_LENGTH;
    /** Smallest envelope (empty plaintext): 93 bytes. */
    public static final int MIN_LENGTH = CIPHERTEXT_OFFSET + TAG_LENGTH;
    /** Smallest envelope in hex digits: 186. */
    public static final int MIN_HEX_LENGTH = MIN_LENGTH * 2;
    /**
     * Largest envelope accepted or produced: 16 MiB. An envelope carries one message's text (a prompt, or one streamed
     * chunk of an answer); the largest context windows served (about a million tokens, a few MB of text) fit with room
     * to spare, while a server, honest or not, can never make the client decode and decrypt more than 16 MiB for one
     * field. The hex form (32 Mi characters) stays far below Java's array and string limits.
     */
    public static final int MAX_LENGTH = 16 << 20;
    /** Largest envelope in hex digits: 32 Mi. */
    public static final int MAX_HEX_LENGTH = MAX_LENGTH * 2;
    /** Largest plaintext an envelope carries: {@link #MAX_LENGTH} less the key, nonce and tag. */
    public static final int MAX_PLAINTEXT_LENGTH = MAX_LENGTH - MIN_LENGTH;

    private final byte[] raw;

    private Envelope(byte[] raw) {
        this.raw = raw;
    }

    /**
     * Parses hex text (upper- or lower-case, no prefix).
     *
     * @throws EnvelopeException.MalformedHex if not hex or of odd length
     * @throws EnvelopeException.TooShort     if shorter than 186 hex digits
     * @throws EnvelopeException.TooLong      if longer than {@link #MAX_HEX_LENGTH} hex digits
     * @throws EnvelopeException.InvalidPoint if the ephemeral key does not start with {@code 04}
     */
    public static Envelope parse(CharSequence hex) {
        return new Envelope(decode(hex));
    }

    /** Assembles an envelope from its parts (copied). */
    public static Envelope of(byte[] ephemeralPublicKey, byte[] nonce, byte[] ciphertextAndTag) {
        if (ephemeralPublicKey.length != EPHEMERAL_KEY_LENGTH) {
            throw new EnvelopeException.InvalidPoint("ephemeral public key must be 65 bytes, got "
                    + ephemeralPublicKey.length);
        }
        checkKeyForm(ephemeralPublicKey);
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be 12 bytes, got " + nonce.length);
        }
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new EnvelopeException.TooShort("ciphertext must hold at least the 16-byte tag");
        }
        if (ciphertextAndTag.length > MAX_LENGTH - CIPHERTEXT_OFFSET) {
            throw tooLong(CIPHERTEXT_OFFSET + (long) ciphertextAndTag.length);
        }
        byte[] raw = new byte[CIPHERTEXT_OFFSET + ciphertextAndTag.length];
        System.arraycopy(ephemeralPublicKey, 0, raw, 0, EPHEMERAL_KEY_LENGTH);
        System.arraycopy(nonce, 0, raw, NONCE_OFFSET, NONCE_LENGTH);
        System.arraycopy(ciphertextAndTag, 0, raw, CIPHERTEXT_OFFSET, ciphertextAndTag.length);
        return new Envelope(raw);
    }

    static Envelope wrap(byte[] raw) {
        return new Envelope(raw);
    }

    /** Decodes and checks the form, returning the raw bytes (shared with {@link EnvelopeCipher}'s hot path). */
    static byte[] decode(CharSequence hex) {
        int n = hex.length();
        if ((n & 1) != 0) {
            throw new EnvelopeException.MalformedHex(EnvelopeException.Check.ODD_LENGTH,
                    "envelope has an odd number of hex digits (" + n + ")");
        }
        if (n < MIN_HEX_LENGTH) {
            // report a bad character first when there is one, so "0x..." reads as not-hex rather than short
            if (!Hex.isHex(hex) && n > 0) {
                throw notHex(hex);
            }
            throw new EnvelopeException.TooShort("envelope is " + n / 2 + " bytes; the minimum is " + MIN_LENGTH
                    + " (65-byte key, 12-byte nonce, 16-byte tag)");
        }
        if (n > MAX_HEX_LENGTH) {
            throw tooLong(n / 2);
        }
        byte[] raw;
        try {
            raw = Hex.decode(hex);
        } catch (InvalidHexException e) {
            throw new EnvelopeException.MalformedHex(EnvelopeException.Check.NOT_HEX,
                    "envelope is not hex: " + e.getMessage());
        }
        checkKeyForm(raw);
        return raw;
    }

    /** The ephemeral key's encoding (the curve check is the key agreement's, when the envelope is opened). */
    private static void checkKeyForm(byte[] raw) {
        try {
            Secp256k1.checkUncompressedForm(raw, 0);
        } catch (InvalidPeerKeyException e) {
            throw new EnvelopeException.InvalidPoint("envelope's ephemeral " + e.getMessage());
        }
    }

    /** The refusal of an envelope of {@code length} bytes, above {@link #MAX_LENGTH}. */
    static EnvelopeException.TooLong tooLong(long length) {
        return new EnvelopeException.TooLong("envelope is " + length + " bytes; the maximum is " + MAX_LENGTH
                + " (16 MiB)");
    }

    private static EnvelopeException notHex(CharSequence hex) {
        try {
            Hex.decode(hex);
        } catch (InvalidHexException e) {
            return new EnvelopeException.MalformedHex(EnvelopeException.Check.NOT_HEX, "envelope is not hex: " + e.getMessage());
        }
        return new EnvelopeException.MalformedHex(EnvelopeException.Check.NOT_HEX, "envelope is not hex");
    }

    byte[] raw() {
        return raw;
    }

    /** The 65-byte ephemeral public key (a copy). */
    public byte[] ephemeralPublicKey() {
        return Arrays.copyOfRange(raw, 0, EPHEMERAL_KEY_LENGTH);
    }

    /** The 12-byte GCM nonce (a copy). */
    public byte[] nonce() {
        return Arrays.copyOfRange(raw, NONCE_OFFSET, CIPHERTEXT_OFFSET);
    }

    /** Ciphertext followed by the 16-byte tag (a copy). */
    public byte[] ciphertextAndTag() {
        return Arrays.copyOfRange(raw, CIPHERTEXT_OFFSET, raw.length);
    }

    /** Length of the plaintext this envelope carries. */
    public int plaintextLength() {
        return raw.length - MIN_LENGTH;
    }

    /** All bytes of the envelope (a copy). */
    public byte[] toBytes() {
        return raw.clone();
    }

    /** The canonical lower-case hex form. */
    public String toHex() {
        return Hex.encode(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** The hex form (public data). */
    @Override
    public String toString() {
        return toHex();
    }
}
