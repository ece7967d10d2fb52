package io.venice.e2ee.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ModelSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.venice.e2ee.langchain4j.SimulatorFixture.API_KEY;
import static io.venice.e2ee.langchain4j.SimulatorFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both models choose by the model list's capabilities, never by a model's name, against a simulator that lists an
 * E2EE-capable model and a model with a private-looking id but no capability.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyByCapabilityTest {
    /** Listed with neither capability, whatever its id suggests. */
    private static final String LOOKS_PRIVATE = "e2ee-looks-private";

    private final SimulatorFixture sim = new SimulatorFixture(b -> b.models(ModelSpec.e2ee(MODEL),
            ModelSpec.plain(LOOKS_PRIVATE)));

    @AfterAll
    void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private VeniceE2eeChatModel chatModel() {
        VeniceE2eeChatModel.Builder b = VeniceE2eeChatModel.builder().baseUrl(sim.baseUrl()).apiKey(API_KEY)
                .modelName(MODEL);
        sim.roots().forEach(b::trustAnchor);
        return b.build();
    }

    private VeniceE2eeStreamingChatModel streamingModel(String modelName) {
        VeniceE2eeStreamingChatModel.Builder b = VeniceE2eeStreamingChatModel.builder().baseUrl(sim.baseUrl())
                .apiKey(API_KEY).modelName(modelName);
        sim.roots().forEach(b::trustAnchor);
        return b.build();
    }

    @Test
    void aModelListedAsE2eeCapableIsUsedEndToEnd() {
        try (VeniceE2eeChatModel model = chatModel()) {
            assertThat(model.chat("hello there")).isEqualTo("Echo: hello there (2 words)");
        }
        assertThat(sim.requestsTo("/chat/completions")).singleElement().satisfies(r -> {
            assertThat(r.header(E2eeHeaders.CLIENT_PUBLIC_KEY)).as("sent end to end").isNotBlank();
            assertThat(r.bodyText()).doesNotContain("hello there");
        });
    }

    @Test
    void aPrivateLookingIdListedWithoutCapabilitiesIsNotTreatedAsE2ee() throws Exception {
        try (VeniceE2eeChatModel model = chatModel()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("my secret"))
                    .modelName(LOOKS_PRIVATE).build()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining(LOOKS_PRIVATE)
                    .hasMessageContaining("nothing was sent")
                    .hasCauseInstanceOf(PrivacyException.NotPrivate.class);
        }
        try (VeniceE2eeStreamingChatModel model = streamingModel(LOOKS_PRIVATE)) {
            RecordingHandler h = new RecordingHandler();
            model.chat("my secret", h);
            assertThat(h.error()).isInstanceOf(InvalidRequestException.class)
                    .hasCauseInstanceOf(PrivacyException.NotPrivate.class);
        }
        assertThat(sim.requestsTo("/tee/attestation")).as("not even attested").isEmpty();
        assertThat(sim.requestsTo("/chat/completions")).as("nothing was sent").isEmpty();
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void capabilitiesThatCannotBeFetchedRefuseTheChatAndNothingIsSent() throws Exception {
        sim.faults(Fault.SERVER_ERROR);
        try (VeniceE2eeChatModel model = chatModel()) {
            assertThatThrownBy(() -> model.chat("my secret")).isInstanceOf(LangChain4jException.class)
                    .hasMessageContaining("could not be fetched")
                    .hasCauseInstanceOf(PrivacyException.CapabilitiesUnknown.class);
        }
        try (VeniceE2eeStreamingChatModel model = streamingModel(MODEL)) {
            RecordingHandler h = new RecordingHandler();
            model.chat("my secret", h);
            assertThat(h.error()).hasCauseInstanceOf(PrivacyException.CapabilitiesUnknown.class);
        }
        assertThat(sim.requestsTo("/models")).as("the list was asked for").isNotEmpty();
        assertThat(sim.requestsTo("/tee/attestation")).isEmpty();
        assertThat(sim.requestsTo("/chat/completions")).as("nothing was sent").isEmpty();
    }
}
