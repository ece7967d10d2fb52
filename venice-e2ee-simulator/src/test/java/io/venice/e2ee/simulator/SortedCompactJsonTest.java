package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator signs ACI documents with the canonical bytes the gateway's published vectors give. */
class SortedCompactJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode VECTORS = TestVectors.json("aci/vectors/aci_vectors_published.json");
    private final SortedCompactJson jcs = new SortedCompactJson();

    private String canonical(JsonNode n) {
        return new String(jcs.canonicalize(n), StandardCharsets.UTF_8);
    }

    private static String sha256(String s) {
        return Hex.encode(TdxPlatform.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void currentFormKeysetStatementSessionAndReceiptAreThePublishedBytes() throws Exception {
        JsonNode v = VECTORS.get("current_form_2026-08");
        assertThat(canonical(v.get("keyset"))).isEqualTo(v.get("keyset_jcs").asText());
        assertThat("sha256:" + sha256(v.get("keyset_jcs").asText())).isEqualTo(v.get("workload_keyset_digest").asText());
        assertThat(canonical(v.get("session"))).isEqualTo(v.get("session_jcs").asText());
        ObjectNode receipt = v.get("receipt_served").deepCopy();
        receipt.remove("signature");
        assertThat(canonical(receipt)).isEqualTo(v.get("receipt_signing_input").asText());
        assertThat(sha256(canonical(receipt))).isEqualTo(v.get("receipt_signing_input_sha256").asText());
        // the statement the simulated gateway writes, for the vector's digest and nonce
        try (ModelKeys keys = new ModelKeys(io.venice.e2ee.crypto.CryptoSuite.defaults().keyAgreement(),
                java.util.List.of())) {
            AciGateway gateway = new AciGateway(JSON, jcs, keys.generate(), Instant.now());
            String digest = v.get("workload_keyset_digest").asText();
            assertThat(new String(gateway.statement(AciGeneration.CURRENT, digest, v.get("nonce").asText()),
                    StandardCharsets.UTF_8)).isEqualTo(v.get("statement").asText());
            assertThat(new String(gateway.statement(AciGeneration.CURRENT, digest, null), StandardCharsets.UTF_8))
                    .isEqualTo(v.get("statement_nonce_null").asText());
            assertThat(sha256(v.get("statement").asText())).isEqualTo(v.get("report_data").asText());
        }
    }

    @Test
    void earlierFormKeysetWorkloadIdStatementAndEndorsementPayloadAreThePublishedBytes() throws Exception {
        JsonNode v = VECTORS.get("earlier_form_pre_2026-08-03");
        assertThat(canonical(v.get("keyset"))).isEqualTo(v.get("keyset_jcs").asText());
        assertThat("sha256:" + sha256(v.get("keyset_jcs").asText())).isEqualTo(v.get("workload_keyset_digest").asText());
        JsonNode idInput = JSON.readTree(v.get("workload_id_input").asText());
        assertThat(canonical(idInput)).isEqualTo(v.get("workload_id_input").asText());
        assertThat("sha256:" + sha256(canonical(idInput))).isEqualTo(v.get("workload_id").asText());
        for (String name : new String[] {"statement_nonce_test-nonce", "statement_nonce_null", "endorsement_payload"}) {
            // served in another member order, canonicalized back to the published bytes
            ObjectNode shuffled = JSON.createObjectNode();
            JsonNode parsed = JSON.readTree(v.get(name).asText());
            java.util.List<String> names = new java.util.ArrayList<>();
            parsed.fieldNames().forEachRemaining(names::add);
            java.util.Collections.reverse(names);
            names.forEach(n -> shuffled.set(n, parsed.get(n)));
            assertThat(canonical(shuffled)).as(name).isEqualTo(v.get(name).asText());
        }
        assertThat(sha256(v.get("statement_nonce_test-nonce").asText())).isEqualTo(v.get("report_data").asText());
    }

    @Test
    void stringsAreEscapedAsJcsSaysAndNumbersMustBeIntegers() throws Exception {
        assertThat(canonical(JSON.readTree("{\"b\":\"\\u0001\\n\\t\\\"\\\\/é😀\",\"a\":[true,null,-7,18446744073709551615]}")))
                .isEqualTo("{\"a\":[true,null,-7,18446744073709551615],\"b\":\"\\u0001\\n\\t\\\"\\\\/é😀\"}");
        // member names ordered by UTF-16 code units: U+E000 before U+1F600 (a surrogate pair, 0xD83D)
        assertThat(canonical(JSON.readTree("{\"\\ue000\":1,\"😀\":2,\"Z\":3}"))).isEqualTo("{\"Z\":3,\"😀\":2,\"\ue000\":1}");
        assertThatThrownBy(() -> canonical(JSON.readTree("{\"a\":1.5}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("integers only");
    }
}
