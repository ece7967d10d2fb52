package io.venice.e2ee.attestation.jcs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Compact JSON as Rust's {@code serde_json} and Python's {@code json.dumps(separators=(",", ":"),
 * ensure_ascii=False)} write it: no whitespace, strings escaped as in {@link Jcs} (only {@code "}, {@code \} and
 * control characters; everything else raw UTF-8), integers digit for digit, object members in an order the caller
 * chooses. Services hash such bytes of their own structures (NEAR's compose-manager {@code actions_hash}); which member
 * order they used has changed over time, so it is a parameter here.
 */
public final class CompactJson {

    /** Chooses the order of one object's members. */
    @FunctionalInterface
    public interface MemberOrder {
        /**
         * The member names of the object at {@code path} in the order to write them: each of {@code served} exactly
         * once.
         */
        List<String> order(String path, List<String> served);

        /** The order the document was served in. */
        static MemberOrder served() {
            return (path, served) -> served;
        }

        /**
         * Names sorted by Unicode code point, as Python's {@code sort_keys=True} and a Rust {@code BTreeMap} do (for
         * names of the Basic Multilingual Plane below U+D800 this is also RFC 8785's UTF-16 order).
         */
        static MemberOrder sortedByCodePoint() {
            return (path, served) -> {
                List<String> out = new ArrayList<>(served);
                out.sort(CompactJson::compareCodePoints);
                return out;
            };
        }
    }

    private CompactJson() {
    }

    /**
     * The compact UTF-8 bytes of {@code value} with members in {@code order}.
     *
     * @throws CanonicalizationException for a number that is not an integer (its text form differs between
     *                                   serializers) or a string with an unpaired surrogate
     */
    public static byte[] write(JsonNode value, MemberOrder order) {
        Objects.requireNonNull(order, "order");
        StringBuilder out = new StringBuilder();
        write(value, order, "$", out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode v, MemberOrder order, String at, StringBuilder out) {
        switch (v.getNodeType()) {
            case NULL -> out.append("null");
            case BOOLEAN -> out.append(v.booleanValue() ? "true" : "false");
            case STRING -> Jcs.writeString(v.textValue(), at, out);
            case NUMBER -> {
                if (!v.isIntegralNumber()) {
                    throw new CanonicalizationException(at + ": " + v.asText() + " is not an integer; only integers"
                            + " have one compact form");
                }
                out.append(v.bigIntegerValue().toString());
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(v.get(i), order, at + "[" + i + "]", out);
                }
                out.append(']');
            }
            case OBJECT -> {
                List<String> served = new ArrayList<>(v.size());
                for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                    served.add(it.next());
                }
                List<String> names = order.order(at, List.copyOf(served));
                if (names.size() != served.size() || !names.containsAll(served)) {
                    throw new IllegalStateException("a member order must name each member once, at " + at);
                }
                out.append('{');
                boolean first = true;
                for (String name : names) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    Jcs.writeString(name, at, out);
                    out.append(':');
                    write(v.get(name), order, Jcs.member(at, name), out);
                }
                out.append('}');
            }
            default -> throw new CanonicalizationException(at + ": " + v.getNodeType() + " is not a JSON value");
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
