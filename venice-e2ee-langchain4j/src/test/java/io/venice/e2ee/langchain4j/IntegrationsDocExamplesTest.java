package io.venice.e2ee.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.ReadmeSnippets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.venice.e2ee.langchain4j.SimulatorFixture.API_KEY;
import static io.venice.e2ee.langchain4j.SimulatorFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The LangChain4j examples of docs/integrations.md, as written there, against the simulator over loopback; each test
 * also checks that the page still shows exactly the code it ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationsDocExamplesTest {
    private static final Path SOURCE = Path.of(
            "src/test/java/io/venice/e2ee/langchain4j/IntegrationsDocExamplesTest.java");
    private static final Path PAGE = ReadmeSnippets.page("docs/integrations.md");

    private final SimulatorFixture sim = new SimulatorFixture(b -> b.reasoning(true));
    private final List<String> printed = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void theMetadataNamesEveryCheckAndTheEnclave() {
        try (VeniceE2eeChatModel model = trusting(VeniceE2eeChatModel.builder()).build()) {
            ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build());
            // DOC:metadata begin
            VeniceE2eeChatResponseMetadata meta = (VeniceE2eeChatResponseMetadata) response.metadata();
            meta.verificationReport().checks();   // every check of the attestation the session was opened on
            meta.signingAddress();                // the enclave's address, derived from the attested key
            // DOC:metadata end
            assertThat(meta.verificationReport().checks()).extracting(c -> c.id()).contains("tdx.debug", "nvidia.nonce");
            assertThat(meta.signingAddress()).isEqualTo(sim.signingAddress());
        }
        inSync("### What comes back", "metadata");
    }

    @Test
    void streaming() throws Exception {
        ChatResponse done;
        try (VeniceE2eeStreamingChatModel streamingModel = trusting(VeniceE2eeStreamingChatModel.builder()).build()) {
            // DOC:streaming begin
            CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
            streamingModel.chat("What is 2+2?", new StreamingChatResponseHandler() {
                public void onPartialResponse(PartialResponse part, PartialResponseContext ctx) { print(part.text()); }
                public void onPartialThinking(PartialThinking part, PartialThinkingContext ctx) { log(part.text()); }
                public void onCompleteResponse(ChatResponse response) { answer.complete(response); }   // as from the blocking model
                public void onError(Throwable error) { answer.completeExceptionally(error); }
            });
            // DOC:streaming end
            done = answer.get(30, TimeUnit.SECONDS);
        }
        assertThat(String.join("", printed)).isEqualTo("Echo: What is 2+2? (3 words)")
                .isEqualTo(done.aiMessage().text());
        assertThat(logged).isNotEmpty();
        assertThat(String.join("", logged)).isEqualTo(done.aiMessage().thinking());
        inSync("### Streaming", "streaming");
    }

    @Test
    void againstTheSimulator() throws Exception {
        String hello;
        // DOC:simulator begin
        try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
            String base = sim.start().toString();
            List<Path> roots = sim.exportTrustAnchors(Files.createTempDirectory("roots"));
            try (VeniceE2eeChatModel model = VeniceE2eeChatModel.builder().baseUrl(base).apiKey("any")
                    .modelName("e2ee-glm-5").trustAnchor(roots.get(0)).trustAnchor(roots.get(1)).build()) {
                hello = model.chat("Hello"); // DOC: model.chat("Hello");   // "Echo: Hello (1 word)"; without the two trustAnchor calls: VeniceE2eeVerificationException
            }
        }
        // DOC:simulator end
        assertThat(hello).isEqualTo("Echo: Hello (1 word)");
        try (VeniceE2eeChatModel untrusting = VeniceE2eeChatModel.builder().baseUrl(sim.baseUrl()).apiKey(API_KEY)
                .modelName("e2ee-glm-5").build()) {
            assertThatThrownBy(() -> untrusting.chat("Hello")).as("without the two trustAnchor calls")
                    .isInstanceOf(VeniceE2eeVerificationException.class);
        }
        inSync("### Against the simulator", "simulator");
    }

    @Test
    void theDependencyNamesThisModuleAndTheLangChain4jItIsBuiltOn() throws Exception {
        String block = String.join("\n", ReadmeSnippets.block(PAGE, "## LangChain4j (`venice-e2ee-langchain4j`)", "xml", 0));
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<langchain4j.version>([^<]+)</").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(block).contains("<artifactId>venice-e2ee-langchain4j</artifactId>",
                "langchain4j-core " + version.group(1));
    }

    private void print(String text) {
        printed.add(text);
    }

    private void log(String text) {
        logged.add(text);
    }

    private <B extends VeniceE2eeModelBuilder<B>> B trusting(B b) {
        b.baseUrl(sim.baseUrl()).apiKey(API_KEY).modelName(MODEL);
        sim.roots().forEach(b::trustAnchor);
        return b;
    }

    private static void inSync(String heading, String region) {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(PAGE, heading, "java", 0), ReadmeSnippets.region(SOURCE, region));
    }
}
