package io.venice.e2ee.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static io.venice.e2ee.langchain4j.SimulatorFixture.API_KEY;
import static io.venice.e2ee.langchain4j.SimulatorFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link VeniceE2eeStreamingChatModel} against the simulator over loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VeniceE2eeStreamingChatModelTest {
    private static final String ANSWER = "Echo: What is 2+2? (3 words)";

    private final SimulatorFixture sim = new SimulatorFixture();
    private final SimulatorFixture reasoningSim = new SimulatorFixture(b -> b.reasoning(true));
    private final SimulatorFixture slowSim = new SimulatorFixture(b -> b.chunkSize(2)
            .chunkDelay(Duration.ofMillis(20)));

    @AfterAll
    void stop() {
        sim.close();
        reasoningSim.close();
        slowSim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private static VeniceE2eeStreamingChatModel.Builder trusting(SimulatorFixture s) {
        VeniceE2eeStreamingChatModel.Builder b = VeniceE2eeStreamingChatModel.builder().baseUrl(s.baseUrl())
                .apiKey(API_KEY).modelName(MODEL);
        s.roots().forEach(b::trustAnchor);
        return b;
    }

    @Test
    void decryptedPiecesArriveInOrderThenTheWholeAnswer() throws Exception {
        RecordingHandler h = new RecordingHandler();
        try (VeniceE2eeStreamingChatModel model = trusting(sim).build()) {
            model.chat("What is 2+2?", h);
            ChatResponse r = h.response();
            // the simulator seals 8 characters per chunk: four pieces, each decrypted on its own
            assertThat(h.events).containsExactly("text:Echo: Wh", "text:at is 2+", "text:2? (3 wo", "text:rds)",
                    "complete");
            assertThat(r.aiMessage().text()).isEqualTo(ANSWER);
            assertThat(r.aiMessage().thinking()).isNull();
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(r.tokenUsage().totalTokenCount()).isEqualTo(3 + 6);
            VeniceE2eeChatResponseMetadata m = (VeniceE2eeChatResponseMetadata) r.metadata();
            assertThat(m.verificationReport().passed()).isTrue();
            assertThat(m.signingAddress()).isEqualTo(sim.signingAddress());
        }
    }

    @Test
    void reasoningReachesOnPartialThinkingBeforeTheAnswer() throws Exception {
        RecordingHandler h = new RecordingHandler();
        try (VeniceE2eeStreamingChatModel model = trusting(reasoningSim).build()) {
            model.chat("What is 2+2?", h);
            ChatResponse r = h.response();
            assertThat(h.joined("thinking")).isEqualTo("The last user message has 3 words.");
            assertThat(h.joined("text")).isEqualTo(ANSWER);
            assertThat(h.events.indexOf("text:Echo: Wh")).isGreaterThan(h.events.indexOf("thinking:The last"));
            assertThat(r.aiMessage().thinking()).isEqualTo("The last user message has 3 words.");
            assertThat(r.aiMessage().text()).isEqualTo(ANSWER);
        }
    }

    @Test
    void withoutTheSimulatorsRootsOnErrorGetsTheVerificationFailure() throws Exception {
        RecordingHandler h = new RecordingHandler();
        try (VeniceE2eeStreamingChatModel model = VeniceE2eeStreamingChatModel.builder().baseUrl(sim.baseUrl())
                .apiKey(API_KEY).modelName(MODEL).build()) {
            model.chat("secret prompt", h);
            Throwable e = h.error();
            assertThat(e).isInstanceOf(VeniceE2eeVerificationException.class)
                    .hasCauseInstanceOf(SessionException.AttestationRejected.class);
            assertThat(((VeniceE2eeVerificationException) e).report().orElseThrow().failures())
                    .extracting(VerificationReport.Check::id).contains("tdx.pck.chain");
        }
        assertThat(h.events).containsExactly("error");
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void aCorruptChunkEndsTheStreamWithAnErrorAfterTheTextBeforeIt() throws Exception {
        sim.faults(Fault.CORRUPT_CHUNK);
        RecordingHandler h = new RecordingHandler();
        try (VeniceE2eeStreamingChatModel model = trusting(sim).build()) {
            model.chat("What is 2+2?", h);
            assertThat(h.error()).isInstanceOf(NonRetriableException.class)
                    .hasCauseInstanceOf(VeniceProtocolException.DecryptFailed.class);
        }
        // the simulator corrupts the middle chunk (index 2 of 4): the two before it were delivered
        assertThat(h.events).containsExactly("text:Echo: Wh", "text:at is 2+", "error");
    }

    @Test
    void aTruncatedStreamIsRetriable() throws Exception {
        sim.faults(Fault.TRUNCATE_STREAM);
        RecordingHandler h = new RecordingHandler();
        try (VeniceE2eeStreamingChatModel model = trusting(sim).build()) {
            model.chat("What is 2+2?", h);
            assertThat(h.error()).isInstanceOf(RetriableException.class)
                    .hasCauseInstanceOf(VeniceProtocolException.Truncated.class);
        }
    }

    @Test
    void aHandlerThatThrowsStopsTheStreamAndGetsItsOwnException() throws Exception {
        IllegalStateException boom = new IllegalStateException("handler failed");
        RecordingHandler h = new RecordingHandler((self, context) -> {
            throw boom;
        });
        try (VeniceE2eeStreamingChatModel model = trusting(sim).build()) {
            model.chat("What is 2+2?", h);
            assertThat(h.error()).isSameAs(boom);
        }
        assertThat(h.events).containsExactly("text:Echo: Wh", "error");
    }

    @Test
    void cancellingFromThePartialContextStopsTheStream() throws Exception {
        RecordingHandler cancelling = new RecordingHandler((self, context) -> {
            context.streamingHandle().cancel();
            assertThat(context.streamingHandle().isCancelled()).isTrue();
        });
        RecordingHandler after = new RecordingHandler();
        try (VeniceE2eeStreamingChatModel model = trusting(slowSim).build()) {
            model.chat("What is 2+2?", cancelling);
            // a second, identical chat started later on the same slow server: had the first one not been cancelled,
            // its remaining chunks would have arrived before this one finished
            while (cancelling.events.isEmpty()) {
                Thread.onSpinWait();
            }
            model.chat("What is 2+2?", after);
            assertThat(after.response().aiMessage().text()).isEqualTo(ANSWER);
        }
        assertThat(cancelling.events).containsExactly("text:Ec");
        assertThat(cancelling.done).isNotDone();
    }

    @Test
    void toolsAreRefusedByChatItselfBeforeAnythingIsSent() {
        RecordingHandler h = new RecordingHandler();
        ToolSpecification tool = ToolSpecification.builder().name("weather").build();
        try (VeniceE2eeStreamingChatModel model = trusting(sim).build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                    .toolSpecifications(tool).build(), h)).isInstanceOf(UnsupportedFeatureException.class);
        }
        assertThat(h.events).isEmpty();
        assertThat(sim.received()).isEqualTo(List.of());
    }
}
