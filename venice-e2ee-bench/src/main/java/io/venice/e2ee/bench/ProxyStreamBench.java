package io.venice.e2ee.bench;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.proxy.ListenAddress;
import io.venice.e2ee.proxy.VeniceProxy;
import io.venice.e2ee.simulator.Reply;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.transport.vertx.VertxVeniceClient;
import io.vertx.core.Vertx;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the proxy adds per chunk: the same {@value #CHUNKS}-chunk E2EE answer from the local simulator, read straight
 * through the client ({@code client}: the default JDK transport; {@code client-vertx}: the Vert.x transport with
 * decryption on a Vert.x worker pool, as the proxy runs it), or through the proxy ({@code proxy}: a plain JDK HTTP
 * client posts an OpenAI streaming request to {@link VeniceProxy} and reads the SSE lines it re-emits). Time per
 * chunk, averaged over whole answers; {@code proxy} minus {@code client-vertx} is the proxy's cost per chunk (its
 * OpenAI chunk writing, the second HTTP hop over loopback, the reading client's SSE lines). The simulator seals on
 * the same cores in every case, with the default crypto, and each side's session is opened once.
 *
 * <p>Besides the wall time, {@link Cpu} counts the CPU time the whole process spent per chunk (the simulator's
 * sealing, the client's or the proxy's work, the reading client): unlike the wall time it hardly moves when other
 * processes load the machine, and the simulator's share is the same on every path, so the differences between paths
 * are what each path costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProxyStreamBench {
    static final int CHUNK_CHARS = 4;
    static final int CHUNKS = 500;
    private static final String MODEL = "e2ee-glm-5";

    /** {@code client}: straight through the client library; {@code proxy}: through the OpenAI proxy. */
    @Param({"client", "client-vertx", "proxy"})
    public String path;

    private VeniceSimulator sim;
    private VeniceClient client;
    private Vertx vertx;
    private VertxVeniceClient vertxClient;
    private E2eeSession session;
    private VeniceProxy proxy;
    private HttpClient http;
    private HttpRequest request;

    /** Process CPU time and chunks per iteration; their ratio is the CPU per chunk. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        /** CPU microseconds the process used during the measured answers. */
        public long cpuMicros;
        /** Chunks read in those answers. */
        public long cpuChunks;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            cpuMicros = 0;
            cpuChunks = 0;
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Starts the simulator and, per path, a session or the proxy with its session already opened. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        while (text.length() < CHUNKS * CHUNK_CHARS) {
            text.append("The quick brown fox jumps over the lazy dog. ");
        }
        Reply reply = Reply.of(text.substring(0, CHUNKS * CHUNK_CHARS));
        sim = VeniceSimulator.builder().port(0).host("127.0.0.1").chunkSize(CHUNK_CHARS)
                .replyGenerator((model, messages) -> reply).build();
        URI base = sim.start();
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        sim.trustAnchors().forEach(policy::extraTrustAnchor);
        VerificationPolicy p = policy.build();
        if ("client".equals(path)) {
            client = VeniceClient.builder().apiKey("bench").baseUrl(base).policy(p).build();
            session = client.openSession(MODEL);
            return;
        }
        if ("client-vertx".equals(path)) {
            vertx = Vertx.vertx();
            vertxClient = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey("bench").baseUrl(base)
                    .policy(p));
            client = vertxClient.client();
            session = client.openSession(MODEL);
            return;
        }
        proxy = VeniceProxy.builder().listen(new ListenAddress("127.0.0.1", 0)).upstream(base).apiKey("bench")
                .client(key -> VeniceClient.builder().policy(p)).build();
        URI url = proxy.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create(url + "/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Stream a long answer.\"}]}")).build();
        // the first request opens the proxy's session (attestation), outside the measurement
        viaProxy();
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (session != null) {
            session.close();
            client.close();
        }
        if (vertxClient != null) {
            vertxClient.close();
            vertx.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        sim.close();
    }

    /** One whole answer; the score is per chunk. */
    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public long stream(Cpu cpu) throws IOException, InterruptedException {
        long before = OS.getProcessCpuTime();
        long n = "proxy".equals(path) ? viaProxy() : viaClient();
        cpu.cpuMicros += (OS.getProcessCpuTime() - before) / 1000;
        cpu.cpuChunks += n;
        return n;
    }

    private long viaClient() {
        long n = 0;
        try (ChatStream answer = session.chat(ChatRequest.ofUser("Stream a long answer."))) {
            for (ChatDelta d : answer) {
                if (d.encrypted()) {
                    n++;
                }
            }
        }
        return check(n);
    }

    private long viaProxy() throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the proxy answered " + r.statusCode());
        }
        try (Stream<String> lines = r.body()) {
            return check(lines.filter(l -> l.startsWith("data: {") && l.contains("\"content\":\"")
                    && !l.contains("\"content\":\"\"")).count());
        }
    }

    private static long check(long chunks) {
        if (chunks != CHUNKS) {
            throw new IllegalStateException("expected " + CHUNKS + " content chunks, got " + chunks);
        }
        return chunks;
    }
}
