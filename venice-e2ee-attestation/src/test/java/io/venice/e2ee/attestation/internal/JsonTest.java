package io.venice.e2ee.attestation.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The module's one mapper refuses what two JSON readers could read differently, and every parser goes through it. */
class JsonTest {

    @Test
    void aRepeatedKeyIsRefusedAndNamed() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> Json.read("{\"intel_quote\":\"00\",\"intel_quote\":\"11\"}"));
        assertThat(Json.problem(e)).isEqualTo("the key 'intel_quote' appears twice in one object (readers could"
                + " disagree on its value)");
        assertThatThrownBy(() -> Json.read("{\"a\":{\"b\":1,\"b\":1}}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void contentAfterTheDocumentIsRefused() {
        assertThatThrownBy(() -> Json.read("{\"a\":1} {\"a\":2}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.read("[1] x")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void nestingBeyondTheLimitIsRefused() throws Exception {
        String ok = "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH);
        assertThat(Json.read(ok).isArray()).isTrue();
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> Json.read(deep));
        assertThat(Json.problem(e)).startsWith("exceeds a size limit");
    }

    @Test
    void aNumberBeyondTheLimitIsRefused() {
        assertThatThrownBy(() -> Json.read("[" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1) + "]"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> Json.read("{\n\"a\":}"));
        assertThat(Json.problem(e)).isEqualTo("not valid JSON at line 2, column 5");
    }

    @Test
    void everyParserRefusesARepeatedKey() {
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
