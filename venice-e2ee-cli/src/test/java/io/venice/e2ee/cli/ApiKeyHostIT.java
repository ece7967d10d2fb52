package io.venice.e2ee.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar, with {@code API_KEY_VENICE} in its environment, pointed by {@code --base-url} at a server that is
 * not Venice and lists {@code E2EE-glm-5} without capabilities: the key is not sent there (and stderr says so), and
 * the prompt is not sent at all.
 */
class ApiKeyHostIT {
    private static final String ENV_KEY = "env-key-meant-for-venice-only";

    @Test
    void theEnvironmentKeyGoesToVeniceOnlyAndAPrivateLookingModelWithoutCapabilitiesGetsNothing() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            try (ex) {
                received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth="
                        + ex.getRequestHeaders().getFirst("Authorization") + " body="
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] b = "{\"data\":[{\"id\":\"E2EE-glm-5\",\"type\":\"text\"}]}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1";
            Launcher.Result r = Launcher.cli(Map.of("API_KEY_VENICE", ENV_KEY), "", "chat", "--base-url", base,
                    "--model", "E2EE-glm-5", "my secret");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("API_KEY_VENICE is sent only to https://api.venice.ai")
                    .contains("127.0.0.1 gets no API key").contains("nothing was sent").doesNotContain(ENV_KEY);
            assertThat(r.out()).isEmpty();
            assertThat(received).isNotEmpty().allSatisfy(q -> assertThat(q).startsWith("GET /api/v1/models")
                    .contains("auth=null").doesNotContain(ENV_KEY).doesNotContain("my secret"));
        } finally {
            http.stop(0);
        }
    }
}
