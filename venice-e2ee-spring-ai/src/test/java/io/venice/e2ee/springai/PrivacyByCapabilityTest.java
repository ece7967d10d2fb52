package io.venice.e2ee.springai;

import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ModelSpec;
import io.venice.e2ee.simulator.ReceivedRequest;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auto-configured chat model chooses by the model list's capabilities, never by a model's name, against its own
 * simulator listing an E2EE-capable model and a model with a private-looking id but no capability.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyByCapabilityTest {
    private static final String MODEL = "e2ee-qwen3-5-122b-a10b";
    /** Listed with neither capability, whatever its id suggests. */
    private static final String LOOKS_PRIVATE = "e2ee-looks-private";

    private VeniceSimulator sim;
    private ApplicationContextRunner runner;

    @BeforeAll
    void start() throws IOException {
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).apiKey(Simulator.API_KEY)
                .models(ModelSpec.e2ee(MODEL), ModelSpec.plain(LOOKS_PRIVATE)).build();
        String base = sim.start().toString();
        List<Path> roots = sim.exportTrustAnchors(Files.createTempDirectory("venice-sim-roots"));
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VeniceE2eeAutoConfiguration.class))
                .withPropertyValues("venice.e2ee.base-url=" + base, "venice.e2ee.api-key=" + Simulator.API_KEY,
                        "venice.e2ee.policy=dcap", "venice.e2ee.model=" + MODEL, "venice.e2ee.trust-anchors="
                                + roots.stream().map(Path::toString).collect(Collectors.joining(",")));
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().clear();
        sim.clearReceived();
    }

    private List<ReceivedRequest> requestsTo(String path) {
        return sim.received().stream().filter(r -> r.path().endsWith(path)).toList();
    }

    @Test
    void aModelListedAsE2eeCapableIsUsedEndToEnd() {
        runner.run(ctx -> {
            ChatModel model = ctx.getBean(ChatModel.class);
            assertThat(model.call(new Prompt("hello there")).getResult().getOutput().getText())
                    .isEqualTo("Echo: hello there (2 words)");
            assertThat(model.stream(new Prompt("hello there")).collectList().block()).isNotEmpty();
        });
        assertThat(requestsTo("/chat/completions")).hasSize(2).allSatisfy(r -> {
            assertThat(r.header(E2eeHeaders.CLIENT_PUBLIC_KEY)).as("sent end to end").isNotBlank();
            assertThat(r.bodyText()).doesNotContain("hello there");
        });
    }

    @Test
    void aPrivateLookingIdListedWithoutCapabilitiesIsNotTreatedAsE2ee() {
        runner.withPropertyValues("venice.e2ee.model=" + LOOKS_PRIVATE).run(ctx -> {
            ChatModel model = ctx.getBean(ChatModel.class);
            assertThatThrownBy(() -> model.call(new Prompt("my secret")))
                    .isInstanceOf(NonTransientAiException.class).hasMessageContaining(LOOKS_PRIVATE)
                    .hasMessageContaining("nothing was sent").hasCauseInstanceOf(PrivacyException.NotPrivate.class);
            assertThatThrownBy(() -> model.stream(new Prompt("my secret",
                    ChatOptions.builder().model(LOOKS_PRIVATE).build())).blockLast())
                    .isInstanceOf(NonTransientAiException.class)
                    .hasCauseInstanceOf(PrivacyException.NotPrivate.class);
        });
        assertThat(requestsTo("/tee/attestation")).as("not even attested").isEmpty();
        assertThat(requestsTo("/chat/completions")).as("nothing was sent").isEmpty();
    }

    @Test
    void capabilitiesThatCannotBeFetchedRefuseTheChatAndNothingIsSent() {
        sim.faults().enable(Fault.SERVER_ERROR);
        runner.run(ctx -> {
            ChatModel model = ctx.getBean(ChatModel.class);
            assertThatThrownBy(() -> model.call(new Prompt("my secret")))
                    .isInstanceOf(TransientAiException.class).hasMessageContaining("could not be fetched")
                    .hasCauseInstanceOf(PrivacyException.CapabilitiesUnknown.class);
            assertThatThrownBy(() -> model.stream(new Prompt("my secret")).blockLast())
                    .hasCauseInstanceOf(PrivacyException.CapabilitiesUnknown.class);
        });
        assertThat(requestsTo("/models")).as("the list was asked for").isNotEmpty();
        assertThat(requestsTo("/tee/attestation")).isEmpty();
        assertThat(requestsTo("/chat/completions")).as("nothing was sent").isEmpty();
    }
}
