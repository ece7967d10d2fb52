package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ModelSpec;
import io.venice.e2ee.simulator.ReceivedRequest;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.transport.TransportTestKit;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The transport kit's server: one simulator on loopback for a test class, serving the models the kit names. */
final class SimulatorServer implements TransportTestKit.Server, AutoCloseable {
    private final VeniceSimulator sim;
    private final URI base;

    SimulatorServer() {
        List<ModelSpec> models = new ArrayList<>(VeniceSimulator.DEFAULT_MODELS.stream().map(ModelSpec::of).toList());
        models.add(ModelSpec.plain("E2EE-glm-5"));
        models.add(ModelSpec.e2ee("e2ee-qwen3-6-27b").withReasoning());
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).models(models.toArray(new ModelSpec[0])).build();
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
    public Received lastChat() {
        ReceivedRequest last = null;
        for (ReceivedRequest r : sim.received()) {
            if (r.path().endsWith("/chat/completions")) {
                last = r;
            }
        }
        if (last == null) {
            throw new AssertionError("the simulator received no chat");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        last.headers().forEach((k, v) -> headers.put(k, v.get(0)));
        return new Received(last.bodyText(), headers);
    }

    @Override
    public long requests(String path) {
        return Stream.of(sim.received().toArray(new ReceivedRequest[0]))
                .filter(r -> r.path().equals("/api/v1" + path)).count();
    }

    @Override
    public void clearReceived() {
        sim.clearReceived();
    }

    @Override
    public void close() {
        sim.close();
    }
}
