package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.testing.transport.TransportTestKit;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;

/** The default JDK transport passes the shared kit (run here, beside the Vert.x one, where the simulator is at hand). */
class JdkTransportKitTest extends TransportTestKit {
    private final SimulatorServer server = new SimulatorServer();

    @Override
    protected Server server() {
        return server;
    }

    @Override
    protected Transport newTransport() {
        return JdkTransport.create(Duration.ofSeconds(5));
    }

    @AfterAll
    void stop() {
        server.close();
    }
}
