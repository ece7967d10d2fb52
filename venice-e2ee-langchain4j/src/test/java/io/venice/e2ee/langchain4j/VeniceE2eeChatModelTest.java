package io.venice.e2ee.langchain4j;

import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.venice.e2ee.spi.AttestationVerifier;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.simulator.ChatMessage;
import io.venice.e2ee.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.venice.e2ee.langchain4j.SimulatorFixture.API_KEY;
import static io.venice.e2ee.langchain4j.SimulatorFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link VeniceE2eeChatModel} against the simulator over loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VeniceE2eeChatModelTest {
    private final SimulatorFixture sim = new SimulatorFixture();

    @AfterAll
    void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private VeniceE2eeChatModel.Builder trusting() {
        VeniceE2eeChatModel.Builder b = VeniceE2eeChatModel.builder().baseUrl(sim.baseUrl()).apiKey(API_KEY)
                .modelName(MODEL);
        sim.roots().forEach(b::trustAnchor);
        return b;
    }

    @Test
    void chatOfAStringAnswersOverAVerifiedSession() {
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThat(model.chat("What is 2+2?")).isEqualTo("Echo: What is 2+2? (3 words)");
        }
        assertThat(sim.received()).containsExactly(List.of(new ChatMessage("user", "What is 2+2?")));
    }

    @Test
    void everyRoleReachesTheModelAndTheMetadataCarriesTheVerification() {
        try (VeniceE2eeChatModel model = trusting().build()) {
            ChatResponse r = model.chat(SystemMessage.from("Answer briefly."), UserMessage.from("Hi there"),
                    AiMessage.from("Hello."), UserMessage.from("What is 2+2?"));

            assertThat(r.aiMessage().text()).isEqualTo("Echo: What is 2+2? (3 words)");
            // the simulator refuses plaintext under E2EE headers, so each of these arrived sealed and was opened there
            assertThat(sim.received()).containsExactly(List.of(new ChatMessage("system", "Answer briefly."),
                    new ChatMessage("user", "Hi there"), new ChatMessage("assistant", "Hello."),
                    new ChatMessage("user", "What is 2+2?")));
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            // the simulator counts words: 2 + 2 + 1 + 3 in, 6 out
            assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(8);
            assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(6);
            assertThat(r.tokenUsage().totalTokenCount()).isEqualTo(14);
            assertThat(r.id()).startsWith("chatcmpl-");
            assertThat(r.modelName()).isEqualTo(MODEL);

            VeniceE2eeChatResponseMetadata m = (VeniceE2eeChatResponseMetadata) r.metadata();
            VerificationReport report = m.verificationReport();
            assertThat(report.passed()).isTrue();
            assertThat(report.level()).isEqualTo(VerificationPolicy.Level.DCAP);
            assertThat(report.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(AttestationVerifier.Outcome.PASS);
            assertThat(report.check("nvidia.cert.chain").orElseThrow().status())
                    .isEqualTo(AttestationVerifier.Outcome.PASS);
            assertThat(m.signingAddress()).isEqualTo(sim.signingAddress());
        }
    }

    @Test
    void withoutTheSimulatorsRootsTheChatFailsVerificationAndNothingIsSent() {
        try (VeniceE2eeChatModel model = VeniceE2eeChatModel.builder().baseUrl(sim.baseUrl()).apiKey(API_KEY)
                .modelName(MODEL).build()) {
            assertThatThrownBy(() -> model.chat("secret prompt"))
                    .isInstanceOf(VeniceE2eeVerificationException.class)
                    .isInstanceOf(NonRetriableException.class)
                    .hasMessageContaining("tdx.pck.chain")
                    .hasCauseInstanceOf(SessionException.AttestationRejected.class)
                    .satisfies(e -> assertThat(((VeniceE2eeVerificationException) e).report().orElseThrow()
                            .failures()).extracting(VerificationReport.Check::id)
                            .contains("tdx.pck.chain", "nvidia.cert.chain"));
        }
        assertThat(sim.received()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "DEBUG_QUOTE, tdx.debug",
        "WRONG_NONCE, nonce.echo",
        "REPORTDATA_OTHER_KEY, tdx.reportdata.address",
        "TAMPERED_QUOTE, tdx.quote.signature",
        "NVIDIA_WRONG_NONCE, nvidia.nonce",
    })
    void aForgedAttestationIsRefusedNamingTheCheck(Fault fault, String check) {
        sim.faults(fault);
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThatThrownBy(() -> model.chat("secret prompt"))
                    .isInstanceOf(VeniceE2eeVerificationException.class)
                    .satisfies(e -> assertThat(((VeniceE2eeVerificationException) e).report().orElseThrow()
                            .failures()).extracting(VerificationReport.Check::id).contains(check));
        }
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void aPlaintextAnswerIsADowngradeNotAnAnswer() {
        sim.faults(Fault.PLAINTEXT_DOWNGRADE);
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThatThrownBy(() -> model.chat("What is 2+2?"))
                    .isInstanceOf(NonRetriableException.class)
                    .hasCauseInstanceOf(VeniceProtocolException.Downgrade.class);
        }
    }

    @Test
    void httpErrorsBecomeLangChain4jTypes() {
        try (VeniceE2eeChatModel model = VeniceE2eeChatModel.builder().baseUrl(sim.baseUrl()).apiKey("wrong-key")
                .modelName(MODEL).build()) {
            assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("401");
        }
        sim.faults(Fault.RATE_LIMIT);
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(RateLimitException.class);
        }
        sim.faults(Fault.SERVER_ERROR);
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(InternalServerException.class);
        }
    }

    @Test
    void toolsImagesAndJsonFormatsAreRefusedBeforeAnythingIsSent() {
        ToolSpecification tool = ToolSpecification.builder().name("weather").description("the weather").build();
        JsonSchema schema = JsonSchema.builder().name("answer")
                .rootElement(JsonObjectSchema.builder().addStringProperty("text").build()).build();
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                    .toolSpecifications(tool).build()))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("tools");
            assertThatThrownBy(() -> model.chat(UserMessage.from(TextContent.from("What is this?"),
                    ImageContent.from("https://example.invalid/cat.png"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("IMAGE");
            assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                    .responseFormat(ResponseFormat.JSON).build()))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("JSON");
            assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                    .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                            .jsonSchema(schema).build()).build()))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("JSON schema");
            assertThatThrownBy(() -> model.chat(UserMessage.from("Hi"),
                    ToolExecutionResultMessage.from("call-1", "weather", "sunny")))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("TOOL_EXECUTION_RESULT");
        }
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void requestParametersOverrideTheBuildersDefaults() {
        try (VeniceE2eeChatModel model = trusting().temperature(0.2).maxOutputTokens(100).build()) {
            assertThat(model.defaultRequestParameters().temperature()).isEqualTo(0.2);
            assertThat(model.defaultRequestParameters().modelName()).isEqualTo(MODEL);
            ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("one two"))
                    .temperature(0.7).stopSequences(List.of("END")).build());
            assertThat(r.aiMessage().text()).isEqualTo("Echo: one two (2 words)");
        }
    }

    @Test
    void aGivenClientIsUsedAndLeftOpen() {
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        sim.rootCertificates().forEach(policy::extraTrustAnchor);
        try (VeniceClient client = VeniceClient.builder().baseUrl(sim.baseUrl()).apiKey(API_KEY)
                .policy(policy.build()).build()) {
            try (VeniceE2eeChatModel model = VeniceE2eeChatModel.builder().client(client).modelName(MODEL).build()) {
                assertThat(model.chat("Hi")).isEqualTo("Echo: Hi (1 word)");
            }
            // the model did not close it
            try (VeniceE2eeChatModel again = VeniceE2eeChatModel.builder().client(client).modelName(MODEL).build()) {
                assertThat(again.chat("Hi again")).isEqualTo("Echo: Hi again (2 words)");
            }
        }
    }

    @Test
    void atPolicyFullTheCollateralAndNrasAnswerComeFromTheServicesNamed() {
        try (VeniceE2eeChatModel model = trusting().policy("full").pccsUrl(sim.pcsBaseUrl())
                .nrasUrl(sim.nrasBaseUrl()).build()) {
            ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build());
            VerificationReport report = ((VeniceE2eeChatResponseMetadata) r.metadata()).verificationReport();
            assertThat(report.level()).isEqualTo(VerificationPolicy.Level.FULL);
            assertThat(report.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.PASS);
            assertThat(report.check("nvidia.nras.jwt").orElseThrow().status()).isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void builderRefusesWhatItCannotHonour() {
        try (VeniceClient client = VeniceClient.builder().baseUrl(sim.baseUrl()).build()) {
            assertThatThrownBy(() -> VeniceE2eeChatModel.builder().client(client).pccsUrl(sim.pcsBaseUrl())
                    .modelName(MODEL).build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("client(...)");
            assertThatThrownBy(() -> VeniceE2eeChatModel.builder().client(client).baseUrl(sim.baseUrl())
                    .modelName(MODEL).build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("client(...)");
        }
        assertThatThrownBy(() -> trusting().modelName(null).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("modelName");
        assertThatThrownBy(() -> trusting().policy("strict").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basic, tdx, dcap or full");
    }

    @Test
    void aRequestForAnotherModelMustBeEndToEndEncryptedToo() {
        try (VeniceE2eeChatModel model = trusting().build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                    .modelName("tee-glm-5").build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("tee-glm-5");
        }
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void policyBasicChecksLessButStillVerifies() {
        try (VeniceE2eeChatModel model = VeniceE2eeChatModel.builder().baseUrl(sim.baseUrl()).apiKey(API_KEY)
                .modelName(MODEL).policy("basic").build()) {
            ChatResponse r = model.chat(UserMessage.from("Hi"));
            VerificationReport report = ((VeniceE2eeChatResponseMetadata) r.metadata()).verificationReport();
            assertThat(report.level()).isEqualTo(VerificationPolicy.Level.BASIC);
            assertThat(report.check("key.address").orElseThrow().status()).isEqualTo(AttestationVerifier.Outcome.PASS);
            // the chain is not checked at basic: reported as a skip, never as a pass
            assertThat(report.check("tdx.pck.chain").orElseThrow().status()).isEqualTo(AttestationVerifier.Outcome.SKIP);
        }
    }
}
