package io.venice.e2ee.springai;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Spring AI example, as written there, in a Boot context against the simulator over loopback (the
 * properties point at the simulator and trust its roots instead of Venice); the README's properties bind as written.
 */
@SpringBootTest(classes = {TestApplication.class, Assistant.class})
class ReadmeExampleTest {
    @DynamicPropertySource
    static void venice(DynamicPropertyRegistry r) {
        r.add("venice.e2ee.base-url", Simulator::baseUrl);
        r.add("venice.e2ee.api-key", () -> Simulator.API_KEY);
        r.add("venice.e2ee.model", () -> Simulator.MODEL);
        r.add("venice.e2ee.policy", () -> "dcap");
        r.add("venice.e2ee.trust-anchors", Simulator::rootsProperty);
    }

    @Autowired
    Assistant assistant;

    @Test
    void theAssistantAnswersWithTheVerificationSummary() {
        assertThat(assistant.ask("What is 2+2?"))
                .matches("Echo: What is 2\\+2\\? \\(3 words\\) \\[PASSED at level dcap: [1-9]\\d* checks passed, 0 failed,"
                        + " \\d+ skipped\\. All \\d+ required checks passed\\.]");
    }

    @Test
    void theReadmeShowsExactlyThisAssistant() {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block("### Spring AI", "java"), ReadmeSnippets.region(
                Path.of("src/test/java/io/venice/e2ee/springai/ReadmeExampleTest.java"), "spring-ai"));
    }

    @Test
    void theReadmesPropertiesBindAsWritten() {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : ReadmeSnippets.block("### Spring AI", "properties")) {
            int eq = line.indexOf('=');
            props.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip()
                    .replace("${API_KEY_VENICE}", "key-from-the-environment"));
        }
        VeniceE2eeProperties p = new Binder(new MapConfigurationPropertySource(props))
                .bindOrCreate("venice.e2ee", VeniceE2eeProperties.class);
        assertThat(props).hasSize(3);
        assertThat(p.getApiKey()).isEqualTo("key-from-the-environment");
        assertThat(p.getModel()).isEqualTo("e2ee-qwen3-5-122b-a10b");
        assertThat(p.getPolicy()).isEqualTo("dcap");
        assertThat(List.of(p.getApiKey(), p.getModel(), p.getPolicy())).doesNotContainNull();
    }
}

// README:spring-ai begin
@Service
class Assistant {
    private final ChatModel chatModel;                     // the auto-configured VeniceE2eeChatModel

    Assistant(ChatModel chatModel) { this.chatModel = chatModel; }

    String ask(String question) {
        ChatResponse response = chatModel.call(new Prompt(question));   // attested, verified, encrypted
        VerificationReport report = response.getMetadata().get(VeniceE2eeChatModel.VERIFICATION_KEY);
        return response.getResult().getOutput().getText() + " [" + report.summary() + "]";
    }
}
// README:spring-ai end
