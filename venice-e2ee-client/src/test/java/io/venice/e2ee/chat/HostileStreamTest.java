package io.venice.e2ee.chat;

import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.protocol.VeniceProtocolException;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A server that never ends its answer, over a real loopback socket and the JDK transport: whitespace-only deltas,
 * comments, one endless line, a drip. Each ends with a typed error at its limit, the reader is never left waiting,
 * and the connection is closed (the server's next write fails).
 */
class HostileStreamTest {
    private static final byte[] REQUEST = "{\"model\":\"tee-m\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHITESPACE_DELTA = "data: {\"choices\":[{\"delta\":{\"content\":\" \"}}]}\n\n"
            .getBytes(StandardCharsets.UTF_8);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch serverSawTheClose = new CountDownLatch(1);
    private HttpServer server;
    private JdkTransport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    /** Starts a server whose every answer writes {@code piece} forever, pausing {@code pauseMillis} between. */
    private URI serveForever(byte[] piece, long pauseMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            try {
                while (true) {
                    out.write(piece);
                    out.flush();
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
            } catch (IOException closed) {
                serverSawTheClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        server.start();
        transport = JdkTransport.create();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/chat/completions");
    }

    private ChatStream start(URI uri, StreamLimits limits, Duration total) {
        Transport.StreamingResponse response = transport.stream(Transport.Request.post(uri,
                Map.of("Content-Type", "application/json"), REQUEST, Duration.ofSeconds(10))).join();
        return ChatStream.start(response, uri, ChunkDecryptor.plaintext(),
                new StreamOptions(pool, scheduler, Duration.ofSeconds(30), 64, false, false, limits, total), REQUEST);
    }

    /** Reads until the stream fails; returns the failure and counts the deltas read. */
    private static Throwable readToFailure(ChatStream stream, long[] deltas) {
        return catchThrowable(() -> {
            for (ChatDelta d : stream) {
                deltas[0]++;
            }
        });
    }

    @Test
    void whitespaceOnlyDeltasWithoutEndStopAtTheChunkLimitAfterEveryChunkBeforeIt() throws Exception {
        URI uri = serveForever(WHITESPACE_DELTA, 0);
        ChatStream stream = start(uri, StreamLimits.defaults().withMaxChunks(1000), null);
        long[] deltas = {0};
        Throwable t = readToFailure(stream, deltas);
        assertThat(t).isInstanceOf(VeniceProtocolException.LimitExceeded.class)
                .hasMessageContaining("more than 1000 chunks").hasMessageContaining("streamLimits");
        assertThat(((VeniceProtocolException.LimitExceeded) t).limit()).isEqualTo("maxChunks");
        assertThat(deltas[0]).as("every chunk within the limit reached the reader, none beyond").isEqualTo(1000);
        assertThat(stream.completion()).isCompletedExceptionally();
        assertThat(serverSawTheClose.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
    }

    @Test
    void commentsWithoutEndStopAtTheResponseSizeLimit() throws Exception {
        URI uri = serveForever(": keep-alive\n".getBytes(StandardCharsets.UTF_8), 0);
        ChatStream stream = start(uri, StreamLimits.defaults().withMaxResponseBytes(64 << 10), null);
        long[] deltas = {0};
        Throwable t = readToFailure(stream, deltas);
        assertThat(t).isInstanceOf(VeniceProtocolException.LimitExceeded.class)
                .hasMessageContaining("longer than " + (64 << 10) + " bytes");
        assertThat(((VeniceProtocolException.LimitExceeded) t).limit()).isEqualTo("maxResponseBytes");
        assertThat(deltas[0]).isZero();
        assertThat(serverSawTheClose.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
    }

    @Test
    void oneEndlessLineStopsAtTheEventSizeLimit() throws Exception {
        URI uri = serveForever(" ".repeat(1024).getBytes(StandardCharsets.UTF_8), 0);
        ChatStream stream = start(uri, StreamLimits.defaults().withMaxEventBytes(16 << 10), null);
        Throwable t = readToFailure(stream, new long[1]);
        assertThat(t).isInstanceOf(VeniceProtocolException.MalformedChunk.class)
                .hasMessageContaining("larger than " + (16 << 10) + " bytes");
        assertThat(serverSawTheClose.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
    }

    @Test
    void aDripWithinTheIdleTimeoutStopsAtTheWholeAnswerTimeout() throws Exception {
        // a comment every 5 ms keeps the 30 s idle timeout from ever firing; only the whole answer's limit can
        URI uri = serveForever(": .\n".getBytes(StandardCharsets.UTF_8), 5);
        ChatStream stream = start(uri, StreamLimits.defaults(), Duration.ofMillis(300));
        Throwable t = readToFailure(stream, new long[1]);
        assertThat(t).isInstanceOf(TransportException.Timeout.class).hasMessageContaining("the whole streamed answer")
                .hasMessageContaining("300 ms");
        assertThat(((TransportException.Timeout) t).limit()).isEqualTo(Duration.ofMillis(300));
        assertThat(serverSawTheClose.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
    }
}
