package io.venice.e2ee.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ConfiguredSimulatorExtensionTest {
    @RegisterExtension
    static final VeniceSimulatorExtension VENICE = new VeniceSimulatorExtension(
            () -> VeniceSimulator.builder().apiKey("configured-key").models("tee-only-model"));

    @Test
    void usesTheGivenBuilder(VeniceSimulator sim, URI baseUrl) {
        assertThat(sim.models()).containsExactly("tee-only-model");
        assertThat(new SimHttp(baseUrl, "wrong").get("/models").statusCode()).isEqualTo(401);
        assertThat(new SimHttp(baseUrl, "configured-key").get("/models").statusCode()).isEqualTo(200);
    }
}
