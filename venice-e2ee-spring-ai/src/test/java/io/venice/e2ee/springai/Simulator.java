package io.venice.e2ee.springai;

import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.simulator.ChatMessage;
import io.venice.e2ee.simulator.ReplyGenerator;
import io.venice.e2ee.simulator.VeniceSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The simulator for the Spring tests: one per JVM on loopback (started on first use, stopped at exit), its test roots
 * exported as PEM files, and every conversation it decrypted, so a test can see exactly what reached the model.
 */
final class Simulator {
    static final String MODEL = "e2ee-qwen3-5-122b-a10b";
    static final String API_KEY = "test-key";

    private static final List<List<ChatMessage>> RECEIVED = new CopyOnWriteArrayList<>();
    private static final VeniceSimulator SIM;
    private static final String BASE_URL;
    private static final List<Path> ROOTS;

    static {
        ReplyGenerator echo = ReplyGenerator.echo();
        SIM = VeniceSimulator.builder().host("127.0.0.1").port(0).apiKey(API_KEY).reasoning(true)
                .replyGenerator((model, messages) -> {
                    RECEIVED.add(List.copyOf(messages));
                    return echo.reply(model, messages);
                }).build();
        BASE_URL = SIM.start().toString();
        try {
            Path dir = Files.createTempDirectory("venice-sim-roots");
            ROOTS = SIM.exportTrustAnchors(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(SIM::close));
    }

    private Simulator() {
    }

    static VeniceSimulator sim() {
        return SIM;
    }

    static String baseUrl() {
        return BASE_URL;
    }

    static List<Path> roots() {
        return ROOTS;
    }

    /** The roots as the comma-separated value of {@code venice.e2ee.trust-anchors}. */
    static String rootsProperty() {
        return ROOTS.stream().map(Path::toString).collect(Collectors.joining(","));
    }

    static List<List<ChatMessage>> received() {
        return RECEIVED;
    }

    static String signingAddress() {
        return EthAddress.ofPublicKey(Hex.decode(SIM.modelPublicKey(MODEL))).toLowerCase();
    }
}
