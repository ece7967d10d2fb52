package io.venice.e2ee.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loopback server in front of a simulator: attestation, models and signatures pass through to it, while every
 * chat is answered with a fixed Content-Type and body, as a server that ignores E2EE would answer.
 */
final class ChatAnswerOverride implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ChatAnswerOverride(String simulatorBase, String contentType, String chatBody) throws IOException {
        String base = simulatorBase.endsWith("/") ? simulatorBase.substring(0, simulatorBase.length() - 1) : simulatorBase;
        String basePath = URI.create(base).getPath();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getRawPath();
                if (path.endsWith("/chat/completions")) {
                    ex.getRequestBody().readAllBytes();
                    reply(ex, 200, contentType, chatBody.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String query = ex.getRequestURI().getRawQuery();
                URI target = URI.create(base + path.substring(basePath.length()) + (query == null ? "" : "?" + query));
                HttpRequest.Builder rb = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                        .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                                ex.getRequestBody().readAllBytes()));
                for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                    if (List.of("authorization", "content-type", "accept").contains(h.getKey().toLowerCase())) {
                        h.getValue().forEach(v -> rb.header(h.getKey(), v));
                    }
                }
                HttpResponse<byte[]> r = upstream.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                reply(ex, r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static void reply(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    /** The base URL to give the client, with the simulator's path ({@code /api/v1}). */
    String baseUrl(String simulatorBase) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(simulatorBase).getPath();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
