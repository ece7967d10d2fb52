package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.simulator.VeniceSimulatorExtension;
import io.venice.e2ee.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

// The JUnit 5 example of docs/simulator.md, as written there (its class names aside): its two classes are test
// classes of this module, so the build runs them; SimulatorDocExamplesTest checks that the page still shows exactly
// this code.

// DOC:junit begin
@ExtendWith(VeniceSimulatorExtension.class)
class SimulatorExtensionDocExampleTest { // DOC: class MyClientTest {
    @Test
    void chats(URI baseUrl, VeniceSimulator sim) {   // one simulator per class; faults cleared before each test
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        sim.trustAnchors().forEach(policy::extraTrustAnchor);
        try (VeniceClient client = VeniceClient.builder().baseUrl(baseUrl).apiKey("any").policy(policy.build()).build()) {
            assertEquals("Echo: Hi (1 word)", client.chat("e2ee-glm-5", ChatRequest.ofUser("Hi")).readAll().content());
        }
    }
}

class ConfiguredSimulatorExtensionDocExampleTest { // DOC: class MyConfiguredTest {
    @RegisterExtension
    static VeniceSimulatorExtension venice = new VeniceSimulatorExtension(() -> VeniceSimulator.builder().apiKey("k"));

    @Test
    void acceptsOnlyItsKey(URI baseUrl) {
        try (VeniceClient client = VeniceClient.builder().baseUrl(baseUrl).apiKey("not-k").build()) {
            assertThrows(TransportException.HttpStatus.class, client::listModels);   // 401
        }
    }
}
// DOC:junit end
