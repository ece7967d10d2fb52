package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.testing.TestVectors;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java examples, as written there, run against the simulator over loopback (the only differences: the
 * base URL and the simulator's test roots instead of Venice and an API key).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesTest {
    private final SimulatorServer server = new SimulatorServer();
    private final Vertx vertx = Vertx.vertx();

    @AfterAll
    void stop() {
        server.close();
        vertx.close().await();
    }

    private VeniceClient.Builder builder() {
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        server.trustAnchors().forEach(policy::extraTrustAnchor);
        return VeniceClient.builder().apiKey("test-key").baseUrl(server.baseUrl()).policy(policy.build());
    }

    @Test
    void blocking() {
        StringBuilder out = new StringBuilder();
        try (VeniceClient client = builder().build();
             E2eeSession session = client.openSession("e2ee-qwen3-5-122b-a10b");
             ChatStream answer = session.chat(ChatRequest.builder()
                     .system("Answer briefly.").user("What is 2+2?").build())) {
            for (ChatDelta delta : answer) {
                out.append(delta.text());
            }
            ChatCompletion done = answer.completion().join();
            assertThat(done.content()).isEqualTo(out.toString()).isEqualTo("Echo: What is 2+2? (3 words)");
            assertThat(session.report().passed()).isTrue();
            assertThat(session.report().summary()).isNotBlank();
        }
    }

    @Test
    void async() throws Exception {
        CompletableFuture<String> text = new CompletableFuture<>();
        Flow.Subscriber<ChatDelta> mySubscriber = new Flow.Subscriber<>() {
            private final StringBuilder sb = new StringBuilder();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatDelta d) {
                sb.append(d.text());
            }

            @Override
            public void onError(Throwable t) {
                text.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                text.complete(sb.toString());
            }
        };
        try (VeniceClient client = builder().build()) {
            client.openSessionAsync("e2ee-glm-5")
                    .thenCompose(s -> s.chatAsync(ChatRequest.ofUser("Hello")))
                    .thenAccept(stream -> stream.subscribe(mySubscriber));
            assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo("Echo: Hello (1 word)");
        }
    }

    @Test
    void vertx() throws Exception {
        try (VertxVeniceClient venice = VertxVeniceClient.create(vertx, builder())) {
            ChatCompletion done = venice.complete("e2ee-glm-5", ChatRequest.ofUser("What is 2+2?"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(done.content()).isEqualTo("Echo: What is 2+2? (3 words)");
            StringBuilder out = new StringBuilder();
            CompletableFuture<String> printed = new CompletableFuture<>();
            venice.chatReadStream("e2ee-glm-5", ChatRequest.ofUser("Count to three."))
                    .onSuccess(deltas -> deltas.handler(d -> out.append(d.text()))
                            .endHandler(v -> printed.complete(out.toString())));
            assertThat(printed.get(30, TimeUnit.SECONDS)).isEqualTo("Echo: Count to three. (3 words)");
        }
    }

    @Test
    void verifyingEvidenceYourself() {
        String json = new String(TestVectors.bytes(
                "venice/capture-2026-04-24/0001_api.venice.ai_api_v1_tee_attestation.body"), StandardCharsets.UTF_8);
        byte[] nonce = Hex.decode(TestVectors.json("venice/capture-2026-04-24/manifest.json").get("nonce_hex").asText());
        AttestationReport report = AttestationReport.parse(json);
        VerificationReport result = AttestationVerification.verify(report, VerificationPolicy.defaults(),
                VerificationContext.builder().expectedNonce(nonce).at(Instant.parse("2026-04-24T01:58:41Z")).build());
        assertThat(result.passed()).as(result.summary()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).isNotEmpty();
    }

    @Test
    void oneEnvelope() {
        CryptoSuite mixed = CryptoSuite.builder().use(Primitive.KEY_AGREEMENT, "native").use(Primitive.AEAD, "jca").build();
        EnvelopeCipher cipher = new EnvelopeCipher(mixed);
        try (EcdhKeyPair model = cipher.keyAgreement().generateKeyPair()) {
            String modelKeyHex = PublicKeyHex.format(model.publicKey()).substring(2);   // as some servers send it
            String envelope = cipher.seal(PublicKeyHex.parse(modelKeyHex), "What is 2+2?");
            assertThat(cipher.openToString(model, envelope)).isEqualTo("What is 2+2?");
        }
    }
}
