package io.venice.e2ee.envelope;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.InvalidHexException;
import io.venice.e2ee.crypto.Secp256k1;

/**
 * Text form of an uncompressed secp256k1 public key: 130 hex digits starting {@code 04}, or 128 digits without the
 * prefix (a model key as some servers send it), in either case. Output is always the 130-digit lower-case form.
 */
public final class PublicKeyHex {
    /** Hex digits of the uncompressed form: 130. */
    private static final int HEX_LENGTH = 2 * Secp256k1.PUBLIC_KEY_LENGTH;

    private PublicKeyHex() {
    }

    /**
     * Parses and normalises a public key to 65 bytes. Checks the form only; the curve check happens in key agreement.
     *
     * @throws EnvelopeException.InvalidPublicKey if the text is not 130 hex digits starting 04 or 128 hex digits
     */
    public static byte[] parse(String hex) {
        if (hex == null) {
            throw new EnvelopeException.InvalidPublicKey("public key is missing");
        }
        String s = hex.trim();
        if (s.length() == HEX_LENGTH - 2) {
            s = "04" + s;
        }
        if (s.length() != HEX_LENGTH) {
            throw new EnvelopeException.InvalidPublicKey("public key must be 130 hex digits starting 04 (or 128 without"
                    + " the prefix), got " + s.length() + " characters");
        }
        if (s.charAt(0) != '0' || s.charAt(1) != '4') {
            throw new EnvelopeException.InvalidPublicKey("public key must be uncompressed (start with 04)");
        }
        try {
            return Hex.decode(s);
        } catch (InvalidHexException e) {
            throw new EnvelopeException.InvalidPublicKey("public key is not hex: " + e.getMessage());
        }
    }

    /** The 130-digit lower-case form of a 65-byte uncompressed key. */
    public static String format(byte[] publicKey) {
        if (publicKey.length != Secp256k1.PUBLIC_KEY_LENGTH || publicKey[0] != Secp256k1.UNCOMPRESSED) {
            throw new EnvelopeException.InvalidPublicKey("public key must be 65 bytes starting 04, got "
                    + publicKey.length + " bytes");
        }
        return Hex.encode(publicKey);
    }
}
