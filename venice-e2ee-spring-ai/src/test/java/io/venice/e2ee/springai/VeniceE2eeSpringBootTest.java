package io.venice.e2ee.springai;

import io.venice.e2ee.spi.AttestationVerifier;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.simulator.ChatMessage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.MimeTypeUtils;

import java.util.List;
import java.util.function.Function;

import static io.venice.e2ee.springai.Simulator.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The auto-configured chat model in a Spring Boot context, against the simulator over loopback with its roots. */
@SpringBootTest(classes = TestApplication.class)
class VeniceE2eeSpringBootTest {
    private static final String ANSWER = "Echo: What is 2+2? (3 words)";

    @DynamicPropertySource
    static void venice(DynamicPropertyRegistry r) {
        r.add("venice.e2ee.base-url", Simulator::baseUrl);
        r.add("venice.e2ee.api-key", () -> Simulator.API_KEY);
        r.add("venice.e2ee.model", () -> MODEL);
        r.add("venice.e2ee.policy", () -> "dcap");
        r.add("venice.e2ee.trust-anchors", Simulator::rootsProperty);
    }

    @Autowired
    ChatModel chatModel;

    @Autowired
    VeniceE2eeHealthIndicator health;

    @BeforeEach
    void clear() {
        Simulator.received().clear();
    }

    @Test
    void theChatModelBeanIsTheVeniceOne() {
        assertThat(chatModel).isInstanceOf(VeniceE2eeChatModel.class);
        assertThat(chatModel.getOptions().getModel()).isEqualTo(MODEL);
    }

    @Test
    void callAnswersOverAVerifiedSessionWithEveryRoleEncrypted() {
        ChatResponse r = chatModel.call(new Prompt(List.of(new SystemMessage("Answer briefly."),
                new UserMessage("Hi there"), new AssistantMessage("Hello."), new UserMessage("What is 2+2?"))));

        assertThat(r.getResult().getOutput().getText()).isEqualTo(ANSWER);
        assertThat(Simulator.received()).containsExactly(List.of(new ChatMessage("system", "Answer briefly."),
                new ChatMessage("user", "Hi there"), new ChatMessage("assistant", "Hello."),
                new ChatMessage("user", "What is 2+2?")));
        assertThat(r.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(r.getResult().getOutput().getMetadata())
                .containsEntry(VeniceE2eeChatModel.REASONING_KEY, "The last user message has 3 words.");
        // the simulator counts words: 2 + 2 + 1 + 3 in; 6 of answer and 7 of reasoning out
        assertThat(r.getMetadata().getUsage().getPromptTokens()).isEqualTo(8);
        assertThat(r.getMetadata().getUsage().getCompletionTokens()).isEqualTo(13);
        assertThat(r.getMetadata().getId()).startsWith("chatcmpl-");
        assertThat(r.getMetadata().getModel()).isEqualTo(MODEL);
        VerificationReport report = r.getMetadata().get(VeniceE2eeChatModel.VERIFICATION_KEY);
        assertThat(report.passed()).isTrue();
        assertThat(report.level()).isEqualTo(VerificationPolicy.Level.DCAP);
        assertThat(report.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(AttestationVerifier.Outcome.PASS);
        assertThat((String) r.getMetadata().get(VeniceE2eeChatModel.SIGNING_ADDRESS_KEY))
                .isEqualTo(Simulator.signingAddress());
    }

    @Test
    void streamDeliversEachDecryptedChunkThenTheFinishReasonAndUsage() {
        List<ChatResponse> parts = chatModel.stream(new Prompt("What is 2+2?")).collectList().block();

        assertThat(parts).isNotNull();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        for (ChatResponse p : parts) {
            text.append(p.getResult().getOutput().getText());
            Object r = p.getResult().getOutput().getMetadata().get(VeniceE2eeChatModel.REASONING_KEY);
            if (r != null) {
                reasoning.append(r);
            }
        }
        assertThat(text.toString()).isEqualTo(ANSWER);
        assertThat(reasoning.toString()).isEqualTo("The last user message has 3 words.");
        // 8 characters a chunk: 5 reasoning chunks, 4 answer chunks, then the one with finish reason and usage
        assertThat(parts).hasSize(10);
        ChatResponse last = parts.get(parts.size() - 1);
        assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(last.getMetadata().getUsage().getTotalTokens()).isEqualTo(3 + 13);
        assertThat((String) last.getMetadata().get(VeniceE2eeChatModel.SIGNING_ADDRESS_KEY))
                .isEqualTo(Simulator.signingAddress());
    }

    @Test
    void nothingIsSentUntilTheStreamIsSubscribed() {
        var flux = chatModel.stream(new Prompt("What is 2+2?"));
        assertThat(Simulator.received()).isEmpty();
        assertThat(flux.blockFirst()).isNotNull();
        assertThat(Simulator.received()).hasSize(1);
    }

    @Test
    void theHealthIndicatorReportsTheLastVerification() {
        chatModel.call(new Prompt("Hi"));
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("model", MODEL).containsEntry("level", "dcap")
                .containsEntry("signingAddress", Simulator.signingAddress()).doesNotContainKey("failed");
        assertThat(h.getDetails().get("checks")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("fail", 0L);
    }

    @Test
    void toolsMediaAndNonE2eeModelsAreRefusedBeforeAnythingIsSent() {
        FunctionToolCallback<String, String> weather = FunctionToolCallback
                .builder("weather", (Function<String, String>) city -> "sunny").description("the weather")
                .inputType(String.class).build();
        assertThatThrownBy(() -> chatModel.call(new Prompt("Weather?",
                ToolCallingChatOptions.builder().toolCallbacks(weather).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool callbacks");
        UserMessage withImage = UserMessage.builder().text("What is this?")
                .media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(new byte[] {1, 2, 3}))).build();
        assertThatThrownBy(() -> chatModel.call(new Prompt(withImage)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("media");
        assertThatThrownBy(() -> chatModel.call(new Prompt("Hi", ChatOptions.builder().model("tee-glm-5").build())))
                .isInstanceOf(NonTransientAiException.class).hasMessageContaining("tee-glm-5")
                .hasCauseInstanceOf(PrivacyException.E2eeNotOffered.class);
        assertThatThrownBy(() -> chatModel.stream(new Prompt(withImage)).blockLast())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("media");
        assertThat(Simulator.received()).isEmpty();
    }
}
