package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * RFC 8785 (JCS) for the documents ACI signs, which hold only objects, arrays, strings, integers, booleans and null:
 * members sorted by their names' UTF-16 code units, no whitespace, strings escaped as JCS says (only {@code "},
 * {@code \} and control characters; everything else raw UTF-8), integers in plain decimal. A number with a fraction or
 * an exponent has no place in those documents and is refused rather than formatted.
 */
final class SortedCompactJson implements Canonicalizer {
    @Override
    public byte[] canonicalize(JsonNode document) {
        StringBuilder sb = new StringBuilder();
        write(document, sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode n, StringBuilder sb) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                // String.compareTo orders by UTF-16 code units, as JCS requires
                names.sort(String::compareTo);
                sb.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(names.get(i), sb);
                    sb.append(':');
                    write(n.get(names.get(i)), sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(n.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> string(n.textValue(), sb);
            case BOOLEAN -> sb.append(n.booleanValue());
            case NULL -> sb.append("null");
            case NUMBER -> {
                if (!n.isIntegralNumber()) {
                    throw new IllegalArgumentException("ACI documents hold integers only, not " + n);
                }
                sb.append(n.bigIntegerValue());
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
