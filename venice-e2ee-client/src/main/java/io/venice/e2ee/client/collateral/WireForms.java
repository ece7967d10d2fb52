package io.venice.e2ee.client.collateral;

import io.venice.e2ee.crypto.Hex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The encodings collateral services use on the wire: issuer chains percent-encoded in headers, CRLs as DER, PEM, or
 * (a PCCS without {@code encoding=der}, and its root CA CRL) the hex text of the DER.
 */
final class WireForms {
    private WireForms() {
    }

    /**
     * RFC 3986 percent-decoding of a header value into UTF-8 text. Unlike {@code java.net.URLDecoder} (HTML form
     * decoding) a {@code +} stays a {@code +}: a PEM chain sent unencoded keeps its base64 intact.
     *
     * @throws IllegalArgumentException naming the position of a {@code %} not followed by two hex digits, or bytes
     *                                  that are not UTF-8
     */
    static String percentDecode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length() || Character.digit(value.charAt(i + 1), 16) < 0
                        || Character.digit(value.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("a '%' at position " + i + " is not followed by two hex digits");
                }
                out.write(Character.digit(value.charAt(i + 1), 16) << 4 | Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                throw new IllegalArgumentException("a header value carries a non-ASCII character at position " + i);
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the decoded value is not UTF-8");
        }
    }

    /**
     * The CRL bytes of a body: DER and PEM as they are (the CRL reader takes both), the hex text of DER (white space
     * around it allowed) decoded. DER is never all hex digits (its tags, such as {@code 0x06} for the signature
     * algorithm's identifier, are not), so a body is read as hex only when every character is a hex digit.
     */
    static byte[] crlBytes(byte[] body) {
        String text = new String(body, StandardCharsets.US_ASCII).strip();
        if (!text.isEmpty() && text.length() % 2 == 0 && Hex.isHex(text)) {
            return Hex.decode(text);
        }
        return body;
    }
}
