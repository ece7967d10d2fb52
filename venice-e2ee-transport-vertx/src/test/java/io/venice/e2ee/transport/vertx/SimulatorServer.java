package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.transport.TransportTestKit;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/** The transport kit's server: one simulator on loopback for a test class. */
final class SimulatorServer implements TransportTestKit.Server, AutoCloseable {
    private final VeniceSimulator sim;
    private final URI base;

    SimulatorServer() {
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).build();
        base = sim.start();
    }

    @Override
    public URI baseUrl() {
        return base;
    }

    @Override
    public List<X509Certificate> trustAnchors() {
        return sim.trustAnchors();
    }

    @Override
    public void faults(String... names) {
        sim.faults().clear();
        for (String n : names) {
            sim.faults().enable(Fault.fromName(n));
        }
    }

    @Override
    public void rotateKey(String model) {
        sim.rotateKey(model);
    }

    @Override
    public void close() {
        sim.close();
    }
}
