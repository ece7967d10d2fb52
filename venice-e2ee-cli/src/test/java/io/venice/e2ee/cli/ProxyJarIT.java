package io.venice.e2ee.cli;

import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as a user runs it: {@code simulator --export-trust-anchors}, then {@code proxy --upstream ...
 * --trust-anchor ...} in front of it, then a plain HTTP client and the official {@code openai} npm client, unchanged,
 * talking to the proxy.
 */
class ProxyJarIT {
    private static final Path JAR = Launcher.ROOT.resolve("venice-e2ee-cli/target/venice-e2ee.jar");
    private static final Path NODE_SCRIPT = Launcher.ROOT.resolve("venice-e2ee-proxy/src/test/node/openai_client.mjs");

    /** A started command whose first stdout line is its URL; stderr is kept. */
    private record Running(Process process, String url, CompletableFuture<String> err) implements AutoCloseable {
        static Running start(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(120, TimeUnit.SECONDS);
            if (url == null) {
                p.destroy();
                throw new AssertionError(args[0] + " printed no URL: " + err.get(30, TimeUnit.SECONDS));
            }
            return new Running(p, url, err);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theJarsProxyServesOpenAiClientsInFrontOfTheJarsSimulator(@TempDir Path dir) throws Exception {
        assertThat(JAR).exists();
        try (Running sim = Running.start("simulator", "--port", "0", "--export-trust-anchors", dir.toString());
             Running proxy = Running.start("proxy", "--listen", "127.0.0.1:0", "--upstream", sim.url(),
                     "--pccs", URI.create(sim.url()).resolve("/pcs").toString(),
                     "--nras-url", URI.create(sim.url()).resolve("/nras").toString(),
                     "--trust-anchor", dir.resolve(VeniceSimulator.TDX_ROOT_FILE).toString(),
                     "--trust-anchor", dir.resolve(VeniceSimulator.NVIDIA_ROOT_FILE).toString(),
                     "--trust-anchor", dir.resolve(VeniceSimulator.NRAS_ROOT_FILE).toString())) {
            assertThat(sim.url()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
            assertThat(proxy.url()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.url()
                            + "/chat/completions")).header("Authorization", "Bearer k")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"e2ee-glm-5\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"from the jar\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Venice-E2EE")).hasValue("verified");
            assertThat(r.headers().firstValue("X-Venice-E2EE-Policy")).as("the default level").hasValue("full");
            assertThat(r.body()).contains("chat.completion.chunk", "data: [DONE]");

            Path modules = jsModules();
            boolean node = Files.isDirectory(modules.resolve("openai"));
            String missing = "the openai npm package in " + modules
                    + " (venice-e2ee-simulator/src/test/reference/install.sh installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                assertThat(node).as(missing).isTrue();
            }
            Assumptions.assumeTrue(node, missing);
            Path work = Files.createDirectories(Path.of("target", "openai-js"));
            Path link = work.resolve("node_modules");
            if (!Files.exists(link)) {
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, modules.toAbsolutePath());
            }
            Files.copy(NODE_SCRIPT, work.resolve("openai_client.mjs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String models = node(work, proxy.url(), "models");
            assertThat(models).contains("\"id\":\"e2ee-glm-5\",\"object\":\"model\",\"e2ee\":true");
            String chat = node(work, proxy.url(), "chat", "e2ee-glm-5", "same text both ways");
            assertThat(chat).contains("\"streamed\":\"Echo: same text both ways (4 words)\"",
                    "\"whole\":\"Echo: same text both ways (4 words)\"", "\"mode\":\"verified\"");
        }
    }

    private static Path jsModules() {
        String configured = System.getenv("VENICE_REFERENCE_JS_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "venice-e2ee", "reference-js");
        return dir.resolve("node_modules");
    }

    private static String node(Path work, String url, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", "openai_client.mjs"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("PROXY_URL", url);
        pb.environment().put("PROXY_KEY", "k");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
        String text = out.get(30, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
