package io.venice.e2ee.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.venice.e2ee.testing.ReadmeSnippets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;

import static io.venice.e2ee.langchain4j.SimulatorFixture.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's LangChain4j example, as written there, against the simulator over loopback: the only difference is
 * the line that says where Venice is (the simulator, its key and its test roots instead of Venice and an API key).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExampleTest {
    private final SimulatorFixture sim = new SimulatorFixture();

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void theExampleRunsAndAnswers() {
        List<Path> roots = sim.roots();
        // README:langchain4j begin
        VeniceE2eeChatModel model = VeniceE2eeChatModel.builder()
                .apiKey(API_KEY).baseUrl(sim.baseUrl()).trustAnchor(roots.get(0)).trustAnchor(roots.get(1)) // README: .apiKey(System.getenv("API_KEY_VENICE"))
                .modelName("e2ee-qwen3-5-122b-a10b")           // a model listed with supportsE2EE
                .policy("dcap")                                 // basic | tdx | dcap (the default) | full
                .build();
        String answer = model.chat("What is 2+2?");             // attested, verified, encrypted, decrypted
        ChatResponse response = model.chat(SystemMessage.from("Answer briefly."), UserMessage.from("And 3+3?"));
        VeniceE2eeChatResponseMetadata meta = (VeniceE2eeChatResponseMetadata) response.metadata();
        System.out.println(meta.verificationReport().summary() + " Signed by " + meta.signingAddress());
        model.close();
        // README:langchain4j end
        assertThat(answer).isEqualTo("Echo: What is 2+2? (3 words)");
        assertThat(response.aiMessage().text()).isEqualTo("Echo: And 3+3? (2 words)");
        assertThat(meta.verificationReport().passed()).isTrue();
        assertThat(meta.signingAddress()).isEqualTo(sim.signingAddress());
    }

    @Test
    void theReadmeShowsExactlyThisExample() {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block("### LangChain4j", "java"), ReadmeSnippets.region(
                Path.of("src/test/java/io/venice/e2ee/langchain4j/ReadmeExampleTest.java"), "langchain4j"));
    }
}
