package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.testing.TrackingProvider;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vert.x Future API over real loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxVeniceClientTest {
    private final SimulatorServer server = new SimulatorServer();
    private final Vertx vertx = Vertx.vertx();

    @AfterAll
    void stop() {
        server.close();
        vertx.close().await();
    }

    @Test
    void futuresCarryModelsAndAWholeEncryptedAnswerDecryptedOffTheEventLoop() throws Exception {
        VerificationPolicy.Builder p = VerificationPolicy.builder();
        server.trustAnchors().forEach(p::extraTrustAnchor);
        TrackingProvider keys = new TrackingProvider(CryptoProviders.best(CryptoProviders.installed(),
                Primitive.KEY_AGREEMENT).orElseThrow());
        CryptoSuite suite = keys.suite();
        try (VertxVeniceClient venice = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey("k")
                .baseUrl(server.baseUrl()).policy(p.build()).crypto(suite))) {
            assertThat(venice.listModels().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .anyMatch(m -> m.supportsE2ee());
            ChatCompletion done = venice.complete("e2ee-glm-5", ChatRequest.ofUser("one two"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(done.content()).isEqualTo("Echo: one two (2 words)");
            // the session key's agreements are the chunk decryptions: all on the worker pool, none on an event loop
            assertThat(keys.agreementThreads()).isNotEmpty()
                    .allMatch(t -> t.startsWith("venice-e2ee-decrypt"), "runs on the decrypt worker pool");
        }
    }
}
