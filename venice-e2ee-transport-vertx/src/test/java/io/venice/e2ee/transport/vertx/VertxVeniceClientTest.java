package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.Policy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.VeniceClient;
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
    void futuresCarryModelsAndAWholeEncryptedAnswer() throws Exception {
        Policy.Builder p = Policy.builder();
        server.trustAnchors().forEach(p::extraTrustAnchor);
        try (VertxVeniceClient venice = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey("k")
                .baseUrl(server.baseUrl()).policy(p.build()))) {
            assertThat(venice.listModels().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .anyMatch(m -> m.supportsE2ee());
            ChatCompletion done = venice.complete("e2ee-glm-5", ChatRequest.ofUser("one two"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(done.content()).isEqualTo("Echo: one two (2 words)");
        }
    }
}
