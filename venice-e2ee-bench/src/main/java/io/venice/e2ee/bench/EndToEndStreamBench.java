package io.venice.e2ee.bench;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.ModelSpec;
import io.venice.e2ee.simulator.Reply;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * End to end over loopback: the client ({@link VeniceClient}, JDK HTTP transport) opens an attested E2EE session
 * with the local simulator, then streams answers of {@value #CHUNKS_PER_STREAM} encrypted chunks each, on one
 * connection or on many at once, and counts the chunks it decrypted. The simulator plays the enclave on the same
 * machine, so its sealing (one fresh ephemeral key and one ECDH per chunk, with the default key agreement: the
 * constant-time engine on JDK 22+ with native access, the blinded JNI one before) shares the same cores.
 *
 * <p>On one connection {@link StreamPhase} also reports the time from the first delivered chunk to the end of the
 * stream; the post-processor shows that rate beside the whole run (the simulator keeps sealing while it streams, so
 * neither isolates the client: the whole-chunk pipeline benchmark does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EndToEndStreamBench {
    static final int CHUNK_CHARS = 4;
    static final int CHUNKS_PER_STREAM = 500;

    /** The client's key agreement (see {@link BenchProviders}); the simulator uses the default choice. */
    @Param({"bc", "jca", "native-jni", "native-ffm"})
    public String keyAgreement;

    /** Concurrent streams. */
    @Param({"1", "64"})
    public int connections;

    private VeniceSimulator sim;
    private VeniceClient client;
    private E2eeSession session;
    private ExecutorService pool;

    /** Decrypted chunks, reported by JMH per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Chunks {
        /** Encrypted chunks decrypted in this iteration. */
        public long chunks;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            chunks = 0;
        }
    }

    /** Chunks and microseconds from the first delivered chunk to the end, on one connection. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class StreamPhase {
        /** Chunks delivered after the first one. */
        public long phaseChunks;
        /** Microseconds from the first delivered chunk to the end of the stream. */
        public long phaseMicros;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            phaseChunks = 0;
            phaseMicros = 0;
        }
    }

    /** Starts the simulator, verifies its attestation under its test roots, and opens one session. */
    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder text = new StringBuilder();
        while (text.length() < CHUNKS_PER_STREAM * CHUNK_CHARS) {
            text.append("The quick brown fox jumps over the lazy dog. ");
        }
        Reply reply = Reply.of(text.substring(0, CHUNKS_PER_STREAM * CHUNK_CHARS));
        sim = VeniceSimulator.builder().port(0).host("127.0.0.1").chunkSize(CHUNK_CHARS)
                .replyGenerator((model, messages) -> reply).build();
        URI base = sim.start();
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        sim.trustAnchors().forEach(policy::extraTrustAnchor);
        client = VeniceClient.builder().apiKey("bench").baseUrl(base).crypto(BenchProviders.suite(keyAgreement))
                .policy(policy.build()).build();
        String model = sim.modelSpecs().stream().filter(ModelSpec::supportsE2ee).map(ModelSpec::id).findFirst()
                .orElseThrow();
        session = client.openSession(model);
        pool = Executors.newFixedThreadPool(connections);
    }

    /** Closes the session, the client and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
        session.close();
        client.close();
        sim.close();
    }

    /** {@link #connections} streams at once, each read to its end. */
    @Benchmark
    public void stream(Chunks counter, StreamPhase phase) throws InterruptedException, ExecutionException {
        if (connections == 1) {
            counter.chunks += oneStream(phase);
            return;
        }
        List<Future<Long>> streams = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            streams.add(pool.submit(() -> oneStream(null)));
        }
        for (Future<Long> f : streams) {
            counter.chunks += f.get();
        }
    }

    private long oneStream(StreamPhase phase) {
        long n = 0;
        long first = 0;
        try (ChatStream answer = session.chat(ChatRequest.ofUser("Stream a long answer."))) {
            for (ChatDelta d : answer) {
                if (d.encrypted() && n++ == 0) {
                    first = System.nanoTime();
                }
            }
        }
        if (phase != null) {
            phase.phaseChunks += n - 1;
            phase.phaseMicros += (System.nanoTime() - first) / 1000;
        }
        if (n != CHUNKS_PER_STREAM) {
            throw new IllegalStateException("expected " + CHUNKS_PER_STREAM + " encrypted chunks, got " + n);
        }
        return n;
    }
}
