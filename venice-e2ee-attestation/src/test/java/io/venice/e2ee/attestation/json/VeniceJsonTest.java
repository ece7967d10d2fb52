package io.venice.e2ee.attestation.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.envelope.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The project's one JSON configuration refuses what two JSON readers could read differently, every mapper made from
 * it does too, and every attestation parser goes through it.
 */
class VeniceJsonTest {

    @Test
    void aRepeatedKeyIsRefusedAndNamed() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> VeniceJson.read("{\"intel_quote\":\"00\",\"intel_quote\":\"11\"}"));
        assertThat(VeniceJson.problem(e)).isEqualTo("the key 'intel_quote' appears twice in one object (readers"
                + " could disagree on its value)");
        assertThatThrownBy(() -> VeniceJson.read("{\"a\":{\"b\":1,\"b\":1}}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void contentAfterTheDocumentIsRefused() {
        assertThatThrownBy(() -> VeniceJson.read("{\"a\":1} {\"a\":2}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> VeniceJson.read("[1] x")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void nestingBeyondTheLimitIsRefused() throws Exception {
        String ok = "[".repeat(VeniceJson.MAX_NESTING_DEPTH) + "]".repeat(VeniceJson.MAX_NESTING_DEPTH);
        assertThat(VeniceJson.read(ok).isArray()).isTrue();
        String deep = "[".repeat(VeniceJson.MAX_NESTING_DEPTH + 1) + "]".repeat(VeniceJson.MAX_NESTING_DEPTH + 1);
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> VeniceJson.read(deep));
        assertThat(VeniceJson.problem(e)).startsWith("exceeds a size limit");
    }

    @Test
    void aNumberBeyondTheLimitIsRefused() {
        assertThatThrownBy(() -> VeniceJson.read("[" + "9".repeat(VeniceJson.MAX_NUMBER_LENGTH + 1) + "]"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void theDepthAndNumberLimitsAreTheProcesssSettingWithinTheirRange() {
        assertThat(VeniceJson.MAX_NESTING_DEPTH).as("unset in this run: the default")
                .isEqualTo(VeniceJson.DEFAULT_MAX_NESTING_DEPTH);
        assertThat(VeniceJson.MAX_NUMBER_LENGTH).isEqualTo(VeniceJson.DEFAULT_MAX_NUMBER_LENGTH);
        String p = VeniceJson.NESTING_DEPTH_PROPERTY;
        assertThat(VeniceJson.setting(p, null, 64, 1, 1000)).isEqualTo(64);
        assertThat(VeniceJson.setting(p, " ", 64, 1, 1000)).isEqualTo(64);
        assertThat(VeniceJson.setting(p, " 8 ", 64, 1, 1000)).isEqualTo(8);
        assertThat(VeniceJson.setting(p, "1000", 64, 1, 1000)).isEqualTo(1000);
        for (String bad : new String[] {"0", "1001", "-3", "eight", "9999999999", "1.5"}) {
            assertThatThrownBy(() -> VeniceJson.setting(p, bad, 64, 1, 1000)).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(p)
                    .hasMessageContaining("from 1 to 1000");
        }
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> VeniceJson.read("{\n\"a\":}"));
        assertThat(VeniceJson.problem(e)).isEqualTo("not valid JSON at line 2, column 5");
    }

    @Test
    void theLongestStringIsTheLongestEnvelopeInHex() {
        StreamReadConstraints limits = VeniceJson.newMapper().getFactory().streamReadConstraints();
        assertThat(limits.getMaxStringLength()).isEqualTo(Envelope.MAX_HEX_LENGTH);
        assertThat(limits.getMaxDocumentLength()).isEqualTo(2L * Envelope.MAX_HEX_LENGTH);
        assertThat(limits.getMaxNestingDepth()).isEqualTo(VeniceJson.MAX_NESTING_DEPTH);
        assertThat(limits.getMaxNumberLength()).isEqualTo(VeniceJson.MAX_NUMBER_LENGTH);
    }

    @Test
    void eachNewMapperRefusesTheSameAndIsItsHoldersAlone() throws Exception {
        ObjectMapper mine = VeniceJson.newMapper();
        ObjectMapper other = VeniceJson.newMapper();
        assertThat(mine).isNotSameAs(other);
        assertThatThrownBy(() -> mine.readTree("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mine.readTree("{} []")).isInstanceOf(JsonProcessingException.class);
        // a holder that loosens its own mapper changes nothing for anyone else
        mine.getFactory().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        assertThat(mine.readTree("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> other.readTree("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> VeniceJson.read("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aStreamingParserOfTheMapperRefusesARepeatedKey() throws Exception {
        try (JsonParser p = VeniceJson.newMapper().getFactory().createParser("{\"content\":\"a\",\"content\":\"b\"}")) {
            assertThatThrownBy(() -> {
                while (p.nextToken() != null) {
                    p.getText();
                }
            }).isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'content'");
        }
    }

    @Test
    void everyAttestationParserRefusesARepeatedKey() {
        assertThatThrownBy(() -> AttestationReport.parse("{\"signing_key\":\"a\",\"signing_key\":\"b\"}"))
                .isInstanceOf(AttestationException.MalformedEvidence.class)
                .hasMessageContaining("'signing_key' appears twice");
        assertThatThrownBy(() -> Collateral.parse("{\"tcb_info\":\"a\",\"tcb_info\":\"b\"}"))
                .isInstanceOf(AttestationException.MalformedCollateral.class)
                .hasMessageContaining("'tcb_info' appears twice");
        assertThatThrownBy(() -> NrasAnswer.parse("[[\"JWT\",\"x\"],{\"GPU-0\":\"a\",\"GPU-0\":\"b\"}]"))
                .isInstanceOf(AttestationException.MalformedNrasAnswer.class)
                .hasMessageContaining("'GPU-0' appears twice");
    }
}
