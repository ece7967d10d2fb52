package io.venice.e2ee.springai;

import io.micrometer.core.instrument.MeterRegistry;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Primitive;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;

import static io.venice.e2ee.springai.Simulator.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/** What the auto-configuration makes, refuses and leaves alone, property by property. */
class VeniceE2eeAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VeniceE2eeAutoConfiguration.class))
            .withPropertyValues("venice.e2ee.model=" + MODEL);

    @Test
    void makesTheClientTheChatModelTheHealthIndicatorAndTheCounter() {
        runner.withPropertyValues("venice.e2ee.policy=tdx", "venice.e2ee.base-url=" + Simulator.baseUrl(),
                "venice.e2ee.trust-anchors=" + Simulator.rootsProperty(), "venice.e2ee.temperature=0.3",
                "venice.e2ee.max-tokens=50").run(ctx -> {
                    assertThat(ctx).hasSingleBean(VeniceClient.class).hasSingleBean(VeniceE2eeChatModel.class)
                            .hasSingleBean(ChatModel.class).hasSingleBean(VeniceE2eeHealthIndicator.class)
                            .hasSingleBean(VerificationMetrics.class).hasSingleBean(LastVerification.class);
                    VeniceClient client = ctx.getBean(VeniceClient.class);
                    assertThat(client.policy().level()).isEqualTo(VerificationPolicy.Level.TDX);
                    assertThat(client.policy().extraTrustAnchors()).hasSize(Simulator.roots().size());
                    assertThat(client.baseUrl().toString()).isEqualTo(Simulator.baseUrl());
                    ChatModel model = ctx.getBean(ChatModel.class);
                    assertThat(model.getOptions().getTemperature()).isEqualTo(0.3);
                    assertThat(model.getOptions().getMaxTokens()).isEqualTo(50);
                });
    }

    @Test
    void aProviderPropertyForcesThatProvider() {
        runner.withPropertyValues("venice.e2ee.provider=bc").run(ctx -> {
            CryptoSuite suite = ctx.getBean(VeniceClient.class).crypto();
            for (Primitive p : Primitive.values()) {
                assertThat(suite.providerName(p)).as(p.name()).isEqualTo("bc");
            }
        });
    }

    @Test
    void atPolicyFullPccsAndNrasUrlsNameTheServicesTheCollateralAndNrasAnswerComeFrom() {
        List<VerificationEvent> events = new ArrayList<>();
        runner.withPropertyValues("venice.e2ee.policy=full", "venice.e2ee.base-url=" + Simulator.baseUrl(),
                "venice.e2ee.api-key=" + Simulator.API_KEY, "venice.e2ee.trust-anchors=" + Simulator.rootsProperty(),
                "venice.e2ee.pccs-url=" + Simulator.sim().pcsBaseUrl(),
                "venice.e2ee.nras-url=" + Simulator.sim().nrasBaseUrl())
                .withBean(VerificationListener.class, () -> events::add)
                .run(ctx -> {
                    assertThat(ctx.getBean(ChatModel.class).call(new Prompt("Hi")).getResult().getOutput().getText())
                            .isEqualTo("Echo: Hi (1 word)");
                    assertThat(events).singleElement().satisfies(e -> assertThat(e.passed()).isTrue());
                    assertThat(ctx.getBean(VeniceClient.class).policy().level())
                            .isEqualTo(VerificationPolicy.Level.FULL);
                });
    }

    @Test
    void aMissingModelOrAnUnknownPolicyFailsStartUp() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VeniceE2eeAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("venice.e2ee.model is not set"));
        runner.withPropertyValues("venice.e2ee.policy=strict").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("basic, tdx, dcap or full"));
        runner.withPropertyValues("venice.e2ee.trust-anchors=/no/such/root.pem").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("/no/such/root.pem"));
    }

    @Test
    void disabledMeansNothing() {
        runner.withPropertyValues("venice.e2ee.enabled=false").run(ctx ->
                assertThat(ctx).doesNotHaveBean(VeniceClient.class).doesNotHaveBean(ChatModel.class));
    }

    @Test
    void withoutBootsHealthModuleOrMicrometerTheChatModelStillComes() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterRegistry.class)).run(ctx ->
                assertThat(ctx).hasNotFailed().hasSingleBean(VeniceE2eeChatModel.class)
                        .doesNotHaveBean(VeniceE2eeHealthIndicator.class).doesNotHaveBean(VerificationMetrics.class));
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOffLikeBootsOwn() {
        runner.withPropertyValues("management.health.venice-e2ee.enabled=false").run(ctx ->
                assertThat(ctx).hasSingleBean(VeniceE2eeChatModel.class)
                        .doesNotHaveBean(VeniceE2eeHealthIndicator.class));
    }

    @Test
    void anApplicationsOwnClientIsUsedAndItsListenersAreTold() {
        List<VerificationEvent> events = new ArrayList<>();
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        Simulator.sim().trustAnchors().forEach(policy::extraTrustAnchor);
        runner.withBean(VeniceClient.class, () -> VeniceClient.builder().baseUrl(Simulator.baseUrl())
                        .apiKey(Simulator.API_KEY).policy(policy.build()).build())
                .withBean(VerificationListener.class, () -> events::add)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(VeniceClient.class);
                    String answer = ctx.getBean(ChatModel.class).call(new Prompt("Hi")).getResult().getOutput()
                            .getText();
                    assertThat(answer).isEqualTo("Echo: Hi (1 word)");
                    assertThat(events).singleElement().satisfies(e -> {
                        assertThat(e.passed()).isTrue();
                        assertThat(e.model()).isEqualTo(MODEL);
                        assertThat(e.signingAddress()).isEqualTo(Simulator.signingAddress());
                    });
                    assertThat(ctx.getBean(LastVerification.class).get()).isPresent();
                });
    }
}
