package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.crypto.Hex;

/**
 * Intel's signed JSON answers ({@code {"tcbInfo":{...},"signature":"..."}}): the signature covers the exact bytes of
 * the inner object as served, so the inner object is cut out of the text, never parsed and re-serialised.
 */
final class SignedJson {
    private SignedJson() {
    }

    /** The exact text of the top-level member {@code key}'s object value in {@code body}. */
    static String inner(String field, String body, String key) {
        int depth = 0;
        boolean inString = false;
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                i++;
                continue;
            }
            if (c == '"') {
                int end = closingQuote(body, i + 1);
                if (depth == 1 && body.substring(i + 1, end).equals(key)) {
                    int j = skipSpace(body, end + 1);
                    if (j < n && body.charAt(j) == ':') {
                        int start = skipSpace(body, j + 1);
                        return body.substring(start, objectEnd(field, body, start));
                    }
                }
                i = end + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
        throw new MalformedCollateral(field, "the answer has no top-level \"" + key + "\" object");
    }

    /** The hex {@code signature} member of {@code body}, decoded. */
    static byte[] signature(String field, String body) {
        try {
            JsonNode root = Json.read(body);
            String sig = root == null ? "" : root.path("signature").asText("");
            if (sig.length() != 128 || !Hex.isHex(sig)) {
                throw new MalformedCollateral(field, "must be 128 hex digits (r ‖ s)");
            }
            return Hex.decode(sig);
        } catch (JsonProcessingException e) {
            throw new MalformedCollateral(field, "the answer is " + Json.problem(e));
        }
    }

    private static int closingQuote(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int objectEnd(String field, String s, int start) {
        if (start >= s.length() || s.charAt(start) != '{') {
            throw new MalformedCollateral(field, "the signed member is not an object");
        }
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i = closingQuote(s, i + 1) + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        throw new MalformedCollateral(field, "the signed object is not closed");
    }
}
