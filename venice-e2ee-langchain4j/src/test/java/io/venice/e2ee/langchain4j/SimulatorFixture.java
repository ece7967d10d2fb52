package io.venice.e2ee.langchain4j;

import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.simulator.ChatMessage;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ReceivedRequest;
import io.venice.e2ee.simulator.ReplyGenerator;
import io.venice.e2ee.simulator.VeniceSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One simulator on loopback for a test class, its test roots exported as PEM files, and every conversation it
 * decrypted (the replies are the simulator's echo), so a test can see exactly what reached the model.
 */
final class SimulatorFixture implements AutoCloseable {
    static final String MODEL = "e2ee-qwen3-5-122b-a10b";
    static final String API_KEY = "test-key";

    private final List<List<ChatMessage>> received = new CopyOnWriteArrayList<>();
    private final VeniceSimulator sim;
    private final String baseUrl;
    private final List<Path> roots;

    SimulatorFixture() {
        this(b -> b);
    }

    /** A simulator with more options (reasoning, chunk size, delays) than the defaults. */
    SimulatorFixture(UnaryOperator<VeniceSimulator.Builder> options) {
        ReplyGenerator echo = ReplyGenerator.echo();
        sim = options.apply(VeniceSimulator.builder()).host("127.0.0.1").port(0).apiKey(API_KEY)
                .replyGenerator((model, messages) -> {
                    received.add(List.copyOf(messages));
                    return echo.reply(model, messages);
                }).build();
        baseUrl = sim.start().toString();
        try {
            roots = sim.exportTrustAnchors(Files.createTempDirectory("venice-sim-roots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The simulator's Intel PCS-compatible service. */
    String pcsBaseUrl() {
        return sim.pcsBaseUrl().toString();
    }

    /** The simulator's NRAS-compatible service. */
    String nrasBaseUrl() {
        return sim.nrasBaseUrl().toString();
    }

    /** The TDX, NVIDIA and NRAS test roots as PEM files. */
    List<Path> roots() {
        return roots;
    }

    /** The same roots as certificates. */
    List<X509Certificate> rootCertificates() {
        return sim.trustAnchors();
    }

    /** Every conversation the model answered, decrypted, in order. */
    List<List<ChatMessage>> received() {
        return received;
    }

    /** The model's current signing address, derived from its key as the simulator holds it. */
    String signingAddress() {
        return EthAddress.ofPublicKey(Hex.decode(sim.modelPublicKey(MODEL))).toLowerCase();
    }

    /** The requests for {@code path} (e.g. {@code /chat/completions}) that reached the simulator, of its last 256. */
    List<ReceivedRequest> requestsTo(String path) {
        return sim.received().stream().filter(r -> r.path().endsWith(path)).toList();
    }

    void faults(Fault... faults) {
        sim.faults().clear();
        for (Fault f : faults) {
            sim.faults().enable(f);
        }
    }

    void reset() {
        sim.faults().clear();
        sim.clearReceived();
        received.clear();
    }

    @Override
    public void close() {
        sim.close();
        for (Path p : roots) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
