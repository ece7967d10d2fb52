package io.venice.e2ee.proxy;

import io.venice.e2ee.simulator.VeniceSimulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Asks the simulator itself whether it served a completion id (it signs every completion it streamed). */
final class VeniceSimulatorSignatures {
    private VeniceSimulatorSignatures() {
    }

    static boolean exists(VeniceSimulator sim, String model, String id) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/tee/signature?model=" + model
                        + "&request_id=" + id)).header("Authorization", "Bearer k").timeout(Duration.ofSeconds(30))
                .GET().build();
        return ProxyHarness.send(r).statusCode() == 200;
    }
}
