package io.venice.e2ee.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's stream counts seen from the client's side of a raw socket: a stream read to its end is completed,
 * one whose connection the client closes half-way is aborted, and one whose reader stops reading is held back with
 * part of its events unwritten until the reader reads again.
 */
class StreamStatsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private VeniceSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private VeniceSimulator start(int chunks, Duration delay) {
        String answer = "x".repeat(chunks);
        sim = VeniceSimulator.builder().chunkSize(1).chunkDelay(delay)
                .replyGenerator((model, messages) -> Reply.of(answer)).build();
        sim.start();
        return sim;
    }

    /** A plain streamed chat sent over a raw socket (no reading yet). */
    private Socket post(int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", sim.port()), 10_000);
        byte[] body = SimHttp.chatBody("tee-glm-5", true, "user", "hi");
        String head = "POST /api/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer k\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            if (sb.indexOf("data: [DONE]") >= 0 && sb.toString().endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    @Test
    void aStreamReadToItsEndIsCompleted() throws Exception {
        start(20, Duration.ZERO);
        try (Socket s = post(0)) {
            assertThat(readAll(s)).contains("data: [DONE]");
        }
        // role chunk, 20 content chunks, the final chunk and [DONE]
        StreamStats.Snapshot done = sim.streams().await(x -> x.completed() == 1, WAIT);
        assertThat(done.opened()).isEqualTo(1);
        assertThat(done.aborted()).isZero();
        assertThat(done.eventsWritten()).isEqualTo(23);
    }

    @Test
    void aConnectionClosedHalfWayIsAnAbortedStream() throws Exception {
        start(1_000, Duration.ofMillis(20));
        try (Socket s = post(0)) {
            InputStream in = s.getInputStream();
            byte[] first = new byte[64];
            assertThat(in.read(first)).isPositive();
            sim.streams().await(x -> x.opened() == 1, WAIT);
        }
        StreamStats.Snapshot after = sim.streams().await(x -> x.aborted() == 1, WAIT);
        assertThat(after.completed()).isZero();
        assertThat(after.eventsWritten()).isLessThan(1_003);
    }

    @Test
    void aReaderThatStopsReadingHoldsTheStreamBackUntilItReads() throws Exception {
        int chunks = 20_000;
        start(chunks, Duration.ZERO);
        try (Socket s = post(4096)) {
            StreamStats.Snapshot held = sim.streams().await(x -> x.waitingForReader() == 1, WAIT);
            assertThat(held.eventsWritten()).as("held back before the end").isLessThan(chunks + 3L);
            String all = readAll(s);
            assertThat(all).contains("data: [DONE]");
        }
        StreamStats.Snapshot done = sim.streams().await(x -> x.completed() == 1, WAIT);
        assertThat(done.waitingForReader()).isZero();
        assertThat(done.eventsWritten()).isEqualTo(chunks + 3L);
        assertThat(List.of(done.aborted())).containsExactly(0L);
    }
}
