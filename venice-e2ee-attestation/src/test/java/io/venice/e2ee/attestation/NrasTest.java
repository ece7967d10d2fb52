package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.attestation.nvidia.NrasCheck;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.attestation.error.AttestationException;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NrasTest {
    private static final String NONCE = Hex.encode(Evidence.captureNonce());
    private static final java.util.List<io.venice.e2ee.attestation.nvidia.GpuEvidence> GPUS = Evidence.captureGpus();

    @Test
    void theRecordedAnswerVerifies() throws Exception {
        NrasAnswer a = Evidence.captureNras();
        assertThat(a.gpus()).hasSize(8).containsKey("GPU-7");
        assertThat(NrasCheck.verify(a, Evidence.captureJwks(), NrasTrust.nvidia(), NONCE, GPUS, Evidence.CAPTURE_TIME))
                .contains("8 GPU tokens");
    }

    @Test
    void tokensExpire() {
        assertThatThrownBy(() -> NrasCheck.verify(Evidence.captureNras(), Evidence.captureJwks(), NrasTrust.nvidia(), NONCE, GPUS,
                Evidence.CAPTURE_TIME.plusSeconds(7200)))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> NrasCheck.verify(Evidence.captureNras(), Evidence.captureJwks(), NrasTrust.nvidia(), NONCE, GPUS,
                Instant.parse("2026-04-24T00:00:00Z")))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("not valid before");
    }

    @Test
    void anotherNonceOrGpuCountIsRefused() {
        assertThatThrownBy(() -> NrasCheck.verify(Evidence.captureNras(), Evidence.captureJwks(), NrasTrust.nvidia(), "00".repeat(32), GPUS,
                Evidence.CAPTURE_TIME)).hasMessageContaining("eat_nonce");
        assertThatThrownBy(() -> NrasCheck.verify(Evidence.captureNras(), Evidence.captureJwks(), NrasTrust.nvidia(), NONCE, GPUS.subList(0, 4),
                Evidence.CAPTURE_TIME)).hasMessageContaining("lists 4");
    }

    @Test
    void malformedAnswersAreNamed() {
        assertField(() -> NrasAnswer.parse("{}"), "(document)");
        assertField(() -> NrasAnswer.parse("[[\"JWT\",\"a.b\"],{}]"), "overall");
        assertField(() -> NrasAnswer.parse("[[\"JWT\",\"e30.e30.AA\"],{\"GPU-0\":5}]"), "GPU-0");
        assertField(() -> Jwks.parse("{\"nokeys\":1}"), "jwks");
        assertField(() -> Jwks.parse("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"k\",\"x\":\"AA\",\"y\":\"AA\"}]}"),
                "jwks[k]");
        assertThat(Evidence.captureJwks().size()).isEqualTo(32);
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(AttestationException.MalformedNrasAnswer.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo(field));
    }
}
