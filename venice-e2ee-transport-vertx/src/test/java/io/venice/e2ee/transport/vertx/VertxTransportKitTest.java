package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.testing.transport.TransportTestKit;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;

/** The Vert.x transport passes the shared kit. */
class VertxTransportKitTest extends TransportTestKit {
    private final SimulatorServer server = new SimulatorServer();
    private final Vertx vertx = Vertx.vertx();

    @Override
    protected Server server() {
        return server;
    }

    @Override
    protected Transport newTransport() {
        return VertxTransport.create(vertx, Duration.ofSeconds(5));
    }

    @AfterAll
    void stop() {
        server.close();
        vertx.close().await();
    }
}
