package io.venice.e2ee.cli;

import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.simulator.ModelSpec;
import io.venice.e2ee.simulator.ReceivedRequest;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chat --base-url <any host> --model E2EE-glm-5 "my secret"} never sends the prompt in plaintext because of the
 * model's name: loopback servers stand in for "any host", and what reached them is checked.
 */
class PrivateByCapabilityTest {
    private static final String SECRET = "my secret";

    @TempDir
    Path dir;

    private String keyFile() throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "file-key-for-this-host\n");
        return key.toString();
    }

    @Test
    void aServerListingThePrivateLookingIdWithoutCapabilitiesGetsNoPromptUnlessPlaintextIsAllowed() throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().models(ModelSpec.plain("E2EE-glm-5")).build()) {
            String base = sim.start().toString();
            CliRun r = CliRun.run("", "chat", "--base-url", base, "--api-key-file", keyFile(), "--model", "E2EE-glm-5",
                    SECRET);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.oneErrorLine()).as(r.err()).isTrue();
            assertThat(r.err()).contains("E2EE-glm-5").contains("neither end-to-end encryption nor TEE attestation")
                    .contains("nothing was sent").contains("--allow-plaintext");
            assertThat(r.out()).isEmpty();
            List<ReceivedRequest> got = sim.received();
            assertThat(got).extracting(ReceivedRequest::path).containsOnly("/api/v1/models");
            assertThat(got).allSatisfy(q -> assertThat(q.bodyText() + q.query()).doesNotContain(SECRET));

            sim.clearReceived();
            CliRun allowed = CliRun.run("", "chat", "--base-url", base, "--api-key-file", keyFile(), "--model",
                    "E2EE-glm-5", "--allow-plaintext", SECRET);
            assertThat(allowed.exitCode()).as(allowed.err()).isZero();
            assertThat(allowed.out()).isEqualTo("Echo: my secret (2 words)\n");
            assertThat(allowed.err()).contains("privacy: not private").doesNotContain("attestation passed");
            assertThat(sim.received()).filteredOn(q -> q.path().endsWith("/chat/completions")).singleElement()
                    .satisfies(q -> assertThat(q.bodyText()).contains(SECRET).doesNotContain("enable_e2ee"));
        }
    }

    @Test
    void aServerWhoseModelListFailsGetsNoPromptEvenWithPlaintextAllowed() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            try (ex) {
                received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] b = "{\"error\":\"down\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(503, b.length);
                ex.getResponseBody().write(b);
            }
        });
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1";
            CliRun r = CliRun.run("", "chat", "--base-url", base, "--api-key-file", keyFile(), "--model", "E2EE-glm-5",
                    "--allow-plaintext", SECRET);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.oneErrorLine()).as(r.err()).isTrue();
            assertThat(r.err()).contains("capabilities of model E2EE-glm-5 are not known")
                    .contains("could not be fetched").contains("nothing was sent");
            assertThat(received).isNotEmpty().allSatisfy(q -> assertThat(q).startsWith("GET /api/v1/models")
                    .doesNotContain(SECRET));
        } finally {
            http.stop(0);
        }
    }
}
