package io.venice.e2ee.springai;

import io.micrometer.core.instrument.MeterRegistry;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.SessionException;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.venice.e2ee.springai.Simulator.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same context without the simulator's test roots: its evidence chains to nothing the policy trusts, so every chat
 * is refused as a Spring AI {@link NonTransientAiException}, nothing reaches the model, the health indicator goes
 * DOWN naming the checks, and the counter counts each failed check.
 */
@SpringBootTest(classes = TestApplication.class)
@DirtiesContext
class VerificationFailureSpringBootTest {
    @DynamicPropertySource
    static void venice(DynamicPropertyRegistry r) {
        r.add("venice.e2ee.base-url", Simulator::baseUrl);
        r.add("venice.e2ee.api-key", () -> Simulator.API_KEY);
        r.add("venice.e2ee.model", () -> MODEL);
    }

    @Autowired
    ChatModel chatModel;

    @Autowired
    VeniceE2eeHealthIndicator health;

    @Autowired
    MeterRegistry meters;

    private double failures(String check) {
        var c = meters.find(VerificationMetrics.FAILURES).tag("check", check).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRefusedEnclaveFailsTheCallTheStreamTheHealthAndCountsEachCheck() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
        Simulator.received().clear();

        assertThatThrownBy(() -> chatModel.call(new Prompt("secret prompt")))
                .isInstanceOf(VeniceE2eeVerificationException.class)
                .isInstanceOf(NonTransientAiException.class)
                .hasMessageContaining("tdx.pck.chain")
                .hasCauseInstanceOf(SessionException.AttestationRejected.class)
                .satisfies(e -> assertThat(((VeniceE2eeVerificationException) e).report().orElseThrow().failures())
                        .extracting(VerificationReport.Check::id).contains("tdx.pck.chain", "nvidia.cert.chain"));
        assertThat(failures("tdx.pck.chain")).isEqualTo(1.0);
        assertThat(failures("nvidia.cert.chain")).isEqualTo(1.0);
        assertThat(failures("key.address")).as("a check that passed is never counted").isZero();

        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails()).containsEntry("model", MODEL).containsEntry("level", "dcap");
        assertThat(h.getDetails().get("failed")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsKeys("tdx.pck.chain", "nvidia.cert.chain");

        assertThatThrownBy(() -> chatModel.stream(new Prompt("secret prompt")).blockLast())
                .isInstanceOf(VeniceE2eeVerificationException.class)
                .hasCauseInstanceOf(SessionException.AttestationRejected.class);
        assertThat(failures("tdx.pck.chain")).isEqualTo(2.0);
        assertThat(Simulator.received()).isEmpty();
    }
}
