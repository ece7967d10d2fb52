package io.venice.e2ee.simulator;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VeniceSimulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VeniceSimulatorExtensionTest {
    static VeniceSimulator first;

    @Test
    @Order(1)
    void injectsTheRunningSimulatorAndItsBaseUrl(VeniceSimulator sim, URI baseUrl) {
        assertThat(baseUrl).isEqualTo(sim.baseUrl());
        assertThat(baseUrl.getPath()).isEqualTo("/api/v1");
        assertThat(new SimHttp(baseUrl).get("/models").statusCode()).isEqualTo(200);
        sim.faults().enable(Fault.SERVER_ERROR);
        first = sim;
    }

    @Test
    @Order(2)
    void sharesOneSimulatorPerClassAndClearsFaultsBetweenTests(VeniceSimulator sim) {
        assertThat(sim).isSameAs(first);
        assertThat(sim.faults().enabled()).isEmpty();
        assertThat(new SimHttp(sim.baseUrl()).get("/models").statusCode()).isEqualTo(200);
    }
}
