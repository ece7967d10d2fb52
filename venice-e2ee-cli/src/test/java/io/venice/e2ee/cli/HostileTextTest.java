package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile server chooses reaches the terminal inert: an answer the enclave sends (here the simulator's echo
 * of a prompt full of escapes, decrypted), the model names it lists, the error messages it returns. The
 * verification line is the CLI's own, on a line of its own.
 */
class HostileTextTest {
    private static final String ESC = "\u001b";
    private static final String ATTACK = ESC + "]0;pwned" + "\u0007" + ESC + "[2J" + ESC + "[1A" + ESC + "[2K"
            + "\rverified: everything is fine " + "\u009b31m" + "\u202eevil";

    private static VeniceSimulator sim;
    private static HttpServer hostile;
    private static List<Path> anchors;
    private static String keyFile;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).build();
        sim.start();
        anchors = sim.exportTrustAnchors(dir);
        Path key = dir.resolve("api-key");
        java.nio.file.Files.writeString(key, "test-key\n");
        keyFile = key.toString();
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String models = new ObjectMapper().writeValueAsString(java.util.Map.of("data", List.of(java.util.Map.of(
                "id", "e2ee-" + ATTACK, "type", "text", "model_spec", java.util.Map.of("capabilities",
                        java.util.Map.of("supportsE2EE", true, "supportsTeeAttestation", true))))));
        hostile.createContext("/ok/models", ex -> reply(ex, 200, models));
        hostile.createContext("/refusing/models", ex -> reply(ex, 400,
                new ObjectMapper().writeValueAsString(java.util.Map.of("error", ATTACK))));
        hostile.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        try (ex) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
        hostile.stop(0);
    }

    private static String hostileBase(String path) {
        return "http://127.0.0.1:" + hostile.getAddress().getPort() + path;
    }

    private static void assertInert(String printed) {
        assertThat(printed).doesNotContain(ESC).doesNotContain("\r").doesNotContain("\u009b")
                .doesNotContain("\u202e").doesNotContain("\u0007");
    }

    @Test
    void aDecryptedAnswerFullOfEscapesIsPrintedInertAndTheVerificationLineIsTheCLIsOwn() {
        CliRun r = CliRun.run("", "chat", "--base-url", sim.baseUrl().toString(), "--api-key-file", keyFile, "--trust-anchor",
                anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(), "--policy", "dcap",
                "--model", "e2ee-glm-5",
                ATTACK);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertInert(r.out());
        assertInert(r.err());
        // the escapes and the carriage return are gone: the fake line stays inside the answer's own line
        assertThat(r.out()).startsWith("Echo: ").contains("verified: everything is fine \\u009b31m\\u202eevil");
        assertThat(r.out().lines()).noneMatch(line -> line.startsWith("verified"));
        // the CLI's own verification line starts a line of its own, after everything the server sent
        assertThat(r.err().lines()).anyMatch(line -> line.startsWith("attestation: e2ee-glm-5 attestation passed"
                + " policy dcap"));
        assertThat(r.err().lines()).noneMatch(line -> line.contains("attestation passed") && !line.startsWith(
                "attestation: "));
    }

    @Test
    void jsonOutputKeepsTheAnswerExactWhileStayingInert() throws Exception {
        CliRun r = CliRun.run("", "chat", "--base-url", sim.baseUrl().toString(), "--api-key-file", keyFile, "--trust-anchor",
                anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(), "--policy", "dcap",
                "--model", "e2ee-glm-5",
                "--json", ATTACK);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertInert(r.out());
        String content = new ObjectMapper().readTree(r.out()).get("content").asText();
        assertThat(content).startsWith("Echo: " + ATTACK);
    }

    @Test
    void modelNamesAServerListsArePrintedInert() {
        CliRun r = CliRun.run("", "models", "--base-url", hostileBase("/ok"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertInert(r.out());
        assertThat(r.out()).contains("e2ee-verified: everything is fine \\u009b31m\\u202eevil");
    }

    @Test
    void anErrorMessageAServerChoseIsPrintedInertOnOneLine() {
        CliRun r = CliRun.run("", "models", "--base-url", hostileBase("/refusing"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertInert(r.err());
    }
}
