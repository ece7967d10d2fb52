package io.venice.e2ee.testing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile variants of a real JSON document, for the fuzz tests: cut anywhere, a character changed or inserted
 * anywhere, a member removed, a member repeated, any value down to {@code depth} levels replaced by any JSON (every
 * type, integers at and past the u64 and long edges, fractions, deep nesting, huge strings).
 */
public final class JsonMutations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** u64::MAX, the largest integer a u64 member (an ACI keyset's {@code not_after}) can hold. */
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** u64::MAX as a JavaScript relay writes it after reading it as a double. */
    private static final BigInteger U64_MAX_AS_A_DOUBLE = new BigInteger("18446744073709552000");

    private JsonMutations() {
    }

    /** Text mutations of {@code doc}, values replaced or removed down to {@code depth} levels. */
    public static Arbitrary<String> of(String doc, int depth) {
        return of(doc, depth, path -> true);
    }

    /**
     * Text mutations of {@code doc}; the values replaced, removed or repeated are those down to {@code depth} levels
     * whose JSON pointer {@code where} accepts.
     */
    public static Arbitrary<String> of(String doc, int depth, Predicate<String> where) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, doc.length() - 1);
        Arbitrary<String> truncated = at.map(i -> doc.substring(0, i));
        Arbitrary<String> changed = Combinators.combine(at, Arbitraries.chars()).as((i, c) ->
                doc.substring(0, i) + c + doc.substring(i + 1));
        Arbitrary<String> inserted = Combinators.combine(at, Arbitraries.strings().ofMaxLength(6)).as((i, s) ->
                doc.substring(0, i) + s + doc.substring(i));
        List<String> paths = valuePaths(doc, depth).stream().filter(where).toList();
        Arbitrary<String> replaced = Combinators.combine(Arbitraries.of(paths), values()).as((path, v) ->
                edit(doc, path, v));
        Arbitrary<String> removed = Arbitraries.of(paths).map(path -> edit(doc, path, null));
        Arbitrary<String> repeated = Arbitraries.of(paths).map(path -> repeat(doc, path));
        return Arbitraries.frequencyOf(Tuple.of(2, truncated), Tuple.of(2, changed), Tuple.of(1, inserted),
                Tuple.of(5, replaced), Tuple.of(2, removed), Tuple.of(1, repeated));
    }

    /** {@code doc} with the value at {@code path} set to {@code value}, or removed when it is null. */
    public static String edit(String doc, String path, JsonNode value) {
        JsonNode root = read(doc);
        JsonPointer pointer = JsonPointer.compile(path);
        JsonNode parent = root.at(pointer.head());
        String last = pointer.last().getMatchingProperty();
        if (parent instanceof ObjectNode o) {
            if (value == null) {
                o.remove(last);
            } else {
                o.set(last, value);
            }
        } else if (value == null) {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return root.toString();
    }

    /**
     * {@code doc} with the member at {@code path} written twice in its object (the second time as {@code 0}); for an
     * array element, the element written twice.
     */
    public static String repeat(String doc, String path) {
        JsonNode root = read(doc);
        JsonPointer pointer = JsonPointer.compile(path);
        JsonNode parent = root.at(pointer.head());
        String last = pointer.last().getMatchingProperty();
        if (parent instanceof ArrayNode a) {
            a.insert(Integer.parseInt(last), a.get(Integer.parseInt(last)).deepCopy());
            return root.toString();
        }
        // Jackson's tree cannot hold a repeated name: write it into the text after the object's opening brace
        String marker = "\"__repeated_marker__\":0";
        ((ObjectNode) parent).put("__repeated_marker__", 0);
        String text = root.toString();
        return text.replace(marker, F.textNode(last) + ":0");
    }

    /** JSON pointers to every value down to {@code depth} levels into {@code doc} (members and array elements). */
    public static List<String> valuePaths(String doc, int depth) {
        List<String> paths = new ArrayList<>();
        collectPaths(read(doc), "", depth, paths);
        assertThat(paths).as("values to replace in the document").isNotEmpty();
        return paths;
    }

    private static void collectPaths(JsonNode node, String at, int depth, List<String> out) {
        if (depth == 0) {
            return;
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String p = at + "/" + name.replace("~", "~0").replace("/", "~1");
                out.add(p);
                collectPaths(node.get(name), p, depth - 1, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(at + "/" + i);
                collectPaths(node.get(i), at + "/" + i, depth - 1, out);
            }
        }
    }

    /**
     * Any JSON value: scalars at their edges (integers around u64::MAX and its JavaScript rounding, past a long, a
     * 99-digit integer, fractions and exponents), hex-looking strings, arrays, objects, deep nesting, a huge string.
     */
    public static Arbitrary<JsonNode> values() {
        BigInteger u64 = U64_MAX;
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(F::textNode),
                Arbitraries.strings().withChars("0123456789abcdef").ofMaxLength(200).map(F::textNode),
                Arbitraries.of(F.nullNode(), F.booleanNode(true), F.numberNode(0), F.numberNode(-1),
                        F.numberNode(Long.MAX_VALUE), F.numberNode(Long.MIN_VALUE), F.numberNode(1e308),
                        F.numberNode(u64), F.numberNode(u64.add(BigInteger.ONE)),
                        F.numberNode(U64_MAX_AS_A_DOUBLE),
                        F.numberNode(u64.negate()), F.numberNode(new BigInteger("9".repeat(99))),
                        F.numberNode(new BigDecimal("1.5")), F.numberNode(new BigDecimal("1E+400")),
                        F.numberNode(new BigDecimal("-0.0")), F.textNode(""), F.textNode("sha256:"),
                        F.arrayNode(), F.objectNode()));
        Arbitrary<JsonNode> nested = Arbitraries.integers().between(1, 200).map(depth -> {
            JsonNode n = F.textNode("x");
            for (int i = 0; i < depth; i++) {
                n = i % 2 == 0 ? F.arrayNode().add(n) : F.objectNode().set("a", n);
            }
            return n;
        });
        Arbitrary<JsonNode> arrays = scalars.list().ofMaxSize(4).map(l -> F.arrayNode().addAll(l));
        Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.strings().ofMaxLength(12).list().ofMaxSize(3),
                scalars.list().ofSize(3)).as((names, vs) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        o.set(names.get(i), vs.get(i));
                    }
                    return o;
                });
        Arbitrary<JsonNode> huge = Arbitraries.of(F.textNode("ab".repeat(3 << 20)), F.textNode("z".repeat(5 << 20)));
        return Arbitraries.frequencyOf(Tuple.of(6, scalars), Tuple.of(2, nested), Tuple.of(2, arrays),
                Tuple.of(1, objects), Tuple.of(1, huge));
    }

    /** {@code doc} read by a plain Jackson mapper (the seeds are real documents, so a failure is the test's). */
    public static JsonNode read(String doc) {
        try {
            return JSON.readTree(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
