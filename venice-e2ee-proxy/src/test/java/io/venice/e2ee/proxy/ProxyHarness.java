package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.VeniceSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A proxy in front of a simulator, both on loopback, and a plain JDK HTTP client that talks OpenAI to the proxy.
 * The proxy trusts the simulator's test roots at policy dcap.
 */
final class ProxyHarness implements AutoCloseable {
    static final ObjectMapper JSON = io.venice.e2ee.attestation.json.VeniceJson.newMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    final VeniceSimulator sim;
    final VeniceProxy proxy;
    final URI base;
    final URI root;

    ProxyHarness(VeniceSimulator sim, Consumer<VeniceProxy.Builder> configure) {
        this.sim = sim;
        URI upstream = sim.start();
        VerificationPolicy.Builder policy = VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP);
        sim.trustAnchors().forEach(policy::extraTrustAnchor);
        VerificationPolicy p = policy.build();
        VeniceProxy.Builder b = VeniceProxy.builder().listen(new ListenAddress("127.0.0.1", 0)).upstream(upstream)
                .client(key -> VeniceClient.builder().policy(p)).apiKey("proxy-default-key");
        configure.accept(b);
        this.proxy = b.build();
        this.base = proxy.start();
        this.root = URI.create("http://127.0.0.1:" + proxy.port());
    }

    ProxyHarness(VeniceSimulator sim) {
        this(sim, b -> { });
    }

    static VeniceSimulator.Builder simulator() {
        return VeniceSimulator.builder().host("127.0.0.1").port(0);
    }

    /** A chat body: one user message, the model, and stream true/false (null: left out). */
    static ObjectNode chat(String model, String prompt, Boolean stream) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model);
        o.putArray("messages").addObject().put("role", "user").put("content", prompt);
        if (stream != null) {
            o.put("stream", stream);
        }
        return o;
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> post(String path, JsonNode body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** GET of a path outside {@code /v1}, e.g. {@code /health}. */
    HttpResponse<String> getRoot(String path) {
        return send(HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + s, e);
        }
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    static List<String> events(String body) {
        List<String> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) {
                    out.add(line.substring(6));
                }
            }
        }
        return out;
    }

    /** The text of the content deltas of an SSE body, joined. */
    static String streamedText(String body) {
        StringBuilder sb = new StringBuilder();
        for (String e : events(body)) {
            if (!"[DONE]".equals(e)) {
                JsonNode c = json(e).path("choices").path(0).path("delta").get("content");
                if (c != null) {
                    sb.append(c.asText());
                }
            }
        }
        return sb.toString();
    }

    /** A value of the proxy's Prometheus text, 0 when absent. */
    double metric(String nameAndLabels) {
        String text = getRoot("/metrics").body();
        for (String line : text.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) {
                return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        proxy.close();
        sim.close();
    }
}
