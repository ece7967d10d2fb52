package io.venice.e2ee.attestation.jcs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (RFC 8785): the one byte form of a parsed JSON value that ACI keyset digests,
 * report-data statements, receipts and session ids are hashed and signed over. Object members are sorted by their
 * names' UTF-16 code units, no whitespace is written, strings escape only {@code "}, {@code \} and control characters
 * (everything else is raw UTF-8), and numbers are written as ECMAScript writes an IEEE-754 double
 * ({@link #formatNumber(double)}).
 *
 * <p>ACI documents are canonicalized with {@link Numbers#EXACT_INTEGERS}: their numbers are integers (a u64
 * {@code not_after} among them), which the gateway writes digit for digit; as doubles, any integer above 2<sup>53</sup>
 * would lose digits. Everything else is the same.
 */
public final class Jcs {

    /** How numbers are written. */
    public enum Numbers {
        /** RFC 8785: every number as an IEEE-754 double in ECMAScript's form ({@code 1e+30}, {@code 4.5}). */
        IEEE_754,
        /**
         * Integers digit for digit, whatever their size; a number with a fraction or an exponent is refused (ACI's
         * documents carry integers only, so such a number means the document was re-written on the way).
         */
        EXACT_INTEGERS
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Longest member name written whole into a path ({@link #member}). */
    private static final int MAX_NAME_IN_PATH = 64;

    private Jcs() {
    }

    /**
     * The RFC 8785 bytes of {@code value}.
     *
     * @throws CanonicalizationException for a number that is not finite or a string with an unpaired surrogate
     */
    public static byte[] canonicalize(JsonNode value) {
        return canonicalize(value, Numbers.IEEE_754);
    }

    /**
     * The canonical bytes of {@code value}, numbers written as {@code numbers} says.
     *
     * @throws CanonicalizationException when {@code value} has no canonical form under these rules (a number that is
     *                                   not finite, a non-integer under {@link Numbers#EXACT_INTEGERS}, an unpaired
     *                                   surrogate); the message names where
     */
    public static byte[] canonicalize(JsonNode value, Numbers numbers) {
        return canonicalString(value, numbers).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of {@code value} (its UTF-8 encoding is {@link #canonicalize(JsonNode, Numbers)}). */
    public static String canonicalString(JsonNode value, Numbers numbers) {
        StringBuilder out = new StringBuilder();
        write(value, numbers, "$", out);
        return out.toString();
    }

    /**
     * {@code value} as ECMAScript's {@code Number.prototype.toString} writes it (RFC 8785 §3.2.2.3): the shortest
     * decimal that reads back as the same double, the closest one when several are as short, in plain notation from
     * 10<sup>-7</sup> up to 10<sup>21</sup> and exponent notation ({@code 1e+21}, {@code 5e-324}) outside; minus zero
     * is {@code 0}.
     *
     * @throws CanonicalizationException for NaN and the infinities, which JSON cannot carry
     */
    public static String formatNumber(double value) {
        return Es6Number.format(value);
    }

    private static void write(JsonNode v, Numbers numbers, String at, StringBuilder out) {
        switch (v.getNodeType()) {
            case NULL -> out.append("null");
            case BOOLEAN -> out.append(v.booleanValue() ? "true" : "false");
            case STRING -> writeString(v.textValue(), at, out);
            case NUMBER -> writeNumber(v, numbers, at, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(v.get(i), numbers, at + "[" + i + "]", out);
                }
                out.append(']');
            }
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>(v.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    members.add(it.next());
                }
                // String.compareTo compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes
                members.sort(Map.Entry.comparingByKey());
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> m : members) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(m.getKey(), at, out);
                    out.append(':');
                    write(m.getValue(), numbers, member(at, m.getKey()), out);
                }
                out.append('}');
            }
            default -> throw new CanonicalizationException(at + ": " + v.getNodeType() + " is not a JSON value");
        }
    }

    private static void writeNumber(JsonNode v, Numbers numbers, String at, StringBuilder out) {
        if (numbers == Numbers.EXACT_INTEGERS) {
            if (!v.isIntegralNumber()) {
                throw new CanonicalizationException(at + ": " + v.asText() + " is not an integer; this document"
                        + " carries integers only");
            }
            out.append(v.bigIntegerValue().toString());
            return;
        }
        // BigInteger.doubleValue rounds half to even, as reading the literal as a double does
        double d = v.isBigInteger() ? v.bigIntegerValue().doubleValue() : v.doubleValue();
        try {
            out.append(formatNumber(d));
        } catch (CanonicalizationException e) {
            throw new CanonicalizationException(at + ": " + e.getMessage());
        }
    }

    /**
     * The path of member {@code name} below {@code at}, for error messages. A long name is shortened: the path is made
     * at every level, and a document nested to the reader's limit under names of 50 000 characters would otherwise
     * cost its size times its depth.
     */
    static String member(String at, String name) {
        return at + "." + (name.length() <= MAX_NAME_IN_PATH ? name : name.substring(0, MAX_NAME_IN_PATH) + "...");
    }

    /** A string as RFC 8785 §3.2.2.2 writes it. */
    static void writeString(String s, String at, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new CanonicalizationException(at + ": a string holds an unpaired surrogate"
                                    + " (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                                    + "), which has no UTF-8 form");
                        }
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new CanonicalizationException(at + ": a string holds an unpaired surrogate (U+"
                                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "), which has no UTF-8"
                                + " form");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
