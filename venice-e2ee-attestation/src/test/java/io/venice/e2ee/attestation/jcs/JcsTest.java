package io.venice.e2ee.attestation.jcs;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 8785 on its own examples, ECMAScript's number form on RFC 8785's table and on 3 000 doubles whose text a
 * JavaScript engine wrote ({@code jcs/es6-numbers.txt}: fixed pseudo-random bit patterns, each with
 * {@code String(number)}), and the ACI specification's canonical bytes.
 */
class JcsTest {
    private static final String CURRENT = "current_form_2026-08";
    private static final String EARLIER = "earlier_form_pre_2026-08-03";

    private static JsonNode json(String text) throws Exception {
        return Json.read(text);
    }

    private static String jcs(String text) throws Exception {
        return new String(Jcs.canonicalize(json(text)), StandardCharsets.UTF_8);
    }

    private static JsonNode vectors() {
        return TestVectors.json("aci/vectors/aci_vectors_published.json");
    }

    @Test
    void theRfcMainExample() throws Exception {
        // RFC 8785 §3.2.2 (input) and §3.2.3 (output)
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        assertThat(jcs(input)).isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,"
                + "0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void theRfcSortingExampleOrdersByUtf16CodeUnits() throws Exception {
        // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33, unlike code point order
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With"
                + " Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        JsonNode parsed = Json.read(Jcs.canonicalString(json(input), Jcs.Numbers.IEEE_754));
        Iterator<String> names = parsed.fieldNames();
        assertThat(names).toIterable().containsExactly("\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00",
                "\ufb33");
        String bytes = Hex.encode(Jcs.canonicalize(json(input)));
        assertThat(bytes).startsWith("7b225c72223a").contains("22c280223a").contains("22f09f9880223a");
        assertThat(bytes.indexOf("f09f9880")).isLessThan(bytes.indexOf("efacb3"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
            // RFC 8785 Appendix B
            "0000000000000000 0", "8000000000000000 0", "0000000000000001 5e-324", "8000000000000001 -5e-324",
            "7fefffffffffffff 1.7976931348623157e+308", "ffefffffffffffff -1.7976931348623157e+308",
            "4340000000000000 9007199254740992", "c340000000000000 -9007199254740992",
            "4430000000000000 295147905179352830000", "44b52d02c7e14af5 9.999999999999997e+22",
            "44b52d02c7e14af6 1e+23", "44b52d02c7e14af7 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e 999999999999999700000", "444b1ae4d6e2ef4f 999999999999999900000",
            "444b1ae4d6e2ef50 1e+21", "3eb0c6f7a0b5ed8c 9.999999999999997e-7", "3eb0c6f7a0b5ed8d 0.000001",
            "41b3de4355555553 333333333.3333332", "41b3de4355555554 333333333.33333325",
            "41b3de4355555555 333333333.3333333", "41b3de4355555556 333333333.3333334",
            "41b3de4355555557 333333333.33333343", "becbf647612f3696 -0.0000033333333333333333",
            "43143ff3c1cb0959 1424953923781206.2"})
    void theRfcNumberTable(String bits, String expected) {
        assertThat(Jcs.formatNumber(Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16)))).isEqualTo(expected);
    }

    @Test
    void everyDoubleAsAJavaScriptEngineWritesIt() throws Exception {
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                JcsTest.class.getResourceAsStream("/jcs/es6-numbers.txt"), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] parts = line.split(" ");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                assertThat(Jcs.formatNumber(d)).as(parts[0]).isEqualTo(parts[1]);
                n++;
            }
        }
        assertThat(n).isEqualTo(3000);
    }

    @Property
    void aFormattedNumberReadsBackAsTheSameDouble(@ForAll double d) {
        if (Double.isFinite(d)) {
            assertThat(Double.parseDouble(Jcs.formatNumber(d))).isEqualTo(d == 0 ? 0.0 : d);
        }
    }

    @Test
    void numbersWithoutAJsonFormAreRefused() {
        assertThatThrownBy(() -> Jcs.formatNumber(Double.NaN)).isInstanceOf(CanonicalizationException.class);
        assertThatThrownBy(() -> Jcs.formatNumber(Double.POSITIVE_INFINITY))
                .isInstanceOf(CanonicalizationException.class).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> Jcs.canonicalize(json("{\"a\":[1e400]}")))
                .isInstanceOf(CanonicalizationException.class).hasMessageStartingWith("$.a[0]: ");
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> Jcs.canonicalize(json("{\"k\":\"a\\ud800b\"}")))
                .isInstanceOf(CanonicalizationException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Jcs.canonicalize(json("[\"\\udc00\"]")))
                .isInstanceOf(CanonicalizationException.class).hasMessageContaining("$[0]");
    }

    @Test
    void controlCharactersAreEscapedAndNothingElse() throws Exception {
        assertThat(jcs("[\"\\u0000\\u001f\\u007f\\u2028/\\u00e9\\b\\t\\n\\f\\r\"]"))
                .isEqualTo("[\"\\u0000\\u001f\u007f\u2028/\u00e9\\b\\t\\n\\f\\r\"]");
    }

    @Test
    void integersAreExactOnlyWhenAsked() throws Exception {
        JsonNode max = json("{\"not_after\":18446744073709551615}");
        assertThat(Jcs.canonicalString(max, Jcs.Numbers.IEEE_754)).isEqualTo("{\"not_after\":18446744073709552000}");
        assertThat(Jcs.canonicalString(max, Jcs.Numbers.EXACT_INTEGERS))
                .isEqualTo("{\"not_after\":18446744073709551615}");
        assertThatThrownBy(() -> Jcs.canonicalize(json("{\"v\":1.0}"), Jcs.Numbers.EXACT_INTEGERS))
                .isInstanceOf(CanonicalizationException.class).hasMessageContaining("$.v: 1.0 is not an integer");
        assertThatThrownBy(() -> Jcs.canonicalize(json("{\"v\":1e3}"), Jcs.Numbers.EXACT_INTEGERS))
                .isInstanceOf(CanonicalizationException.class);
    }

    @Test
    void theAciSpecificationsCanonicalBytes() throws Exception {
        JsonNode cur = vectors().path(CURRENT);
        assertThat(aci(cur.path("keyset"))).isEqualTo(cur.path("keyset_jcs").textValue());
        assertThat(aci(cur.path("session"))).isEqualTo(cur.path("session_jcs").textValue());
        JsonNode receipt = cur.path("receipt_served").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) receipt).remove("signature");
        assertThat(aci(receipt)).isEqualTo(cur.path("receipt_signing_input").textValue());
        JsonNode old = vectors().path(EARLIER);
        assertThat(aci(old.path("keyset"))).isEqualTo(old.path("keyset_jcs").textValue());
        // every published canonical form is its own canonical form
        for (String text : new String[]{cur.path("statement").textValue(), cur.path("statement_nonce_null").textValue(),
                cur.path("e2ee_v2_request_aad").textValue(), cur.path("e2ee_v2_response_aad").textValue(),
                old.path("workload_id_input").textValue(), old.path("statement_nonce_test-nonce").textValue(),
                old.path("statement_nonce_null").textValue(), old.path("endorsement_payload").textValue(),
                old.path("revocation_payload").textValue()}) {
            assertThat(aci(json(text))).isEqualTo(text);
        }
    }

    private static String aci(JsonNode node) {
        return Jcs.canonicalString(node, Jcs.Numbers.EXACT_INTEGERS);
    }

    @Test
    void compactJsonKeepsTheOrderItIsGiven() throws Exception {
        JsonNode v = json("[{\"b\":\"é\",\"a\":[1,\"\\n\"]}]");
        assertThat(new String(CompactJson.write(v, CompactJson.MemberOrder.served()), StandardCharsets.UTF_8))
                .isEqualTo("[{\"b\":\"é\",\"a\":[1,\"\\n\"]}]");
        assertThat(new String(CompactJson.write(v, CompactJson.MemberOrder.sortedByCodePoint()),
                StandardCharsets.UTF_8)).isEqualTo("[{\"a\":[1,\"\\n\"],\"b\":\"é\"}]");
        Map.Entry<String, String> astral = Map.entry("\ud83d\ude00", "\ufb33");
        JsonNode o = Json.object().put(astral.getKey(), 1).put(astral.getValue(), 2);
        assertThat(new String(CompactJson.write(o, CompactJson.MemberOrder.sortedByCodePoint()), StandardCharsets.UTF_8))
                .isEqualTo("{\"\ufb33\":2,\"\ud83d\ude00\":1}");
        assertThatThrownBy(() -> CompactJson.write(json("[0.5]"), CompactJson.MemberOrder.served()))
                .isInstanceOf(CanonicalizationException.class);
    }
}
