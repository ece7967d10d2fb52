package io.venice.e2ee.client;

import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.TransportException;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A JSON call whose server sends its headers at once and then drips its body without end, over a real loopback
 * socket: the headers' timeout has passed, so only the whole call's timeout ends it, with a typed error.
 */
class WholeCallTimeoutTest {
    private final JdkTransport transport = JdkTransport.create();
    private HttpServer server;

    @AfterEach
    void close() {
        transport.close();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aBodyThatNeverEndsFailsAtTheWholeCallTimeout() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dripping-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            try {
                out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
                while (true) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException closed) {
                // the client went away
            } finally {
                ex.close();
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
        TransportVeniceApi api = new TransportVeniceApi(transport, base, null, Duration.ofSeconds(5),
                Duration.ofMillis(400), Transport.Request.DEFAULT_MAX_BODY_BYTES, Clock.systemUTC());
        Throwable t = Futures.unwrap(catchThrowable(() -> api.models().get(30, TimeUnit.SECONDS)));
        assertThat(t).isInstanceOf(TransportException.Timeout.class).hasMessageContaining("the whole answer")
                .hasMessageContaining("400 ms");
        assertThat(((TransportException.Timeout) t).limit()).isEqualTo(Duration.ofMillis(400));
    }
}
