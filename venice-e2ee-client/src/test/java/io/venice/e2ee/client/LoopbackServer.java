package io.venice.e2ee.client;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An HTTP server on loopback that answers as the test scripts it and records every request. */
final class LoopbackServer implements AutoCloseable {
    /** One request as received. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        /** The first value of a header, or null. */
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** One answer. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of());
        }
    }

    private final HttpServer http;
    final List<Received> received = new CopyOnWriteArrayList<>();

    /** Answers each request with {@code script} applied to it. */
    LoopbackServer(Function<Received, Answer> script) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            try (ex) {
                Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()),
                        ex.getRequestBody().readAllBytes());
                received.add(r);
                Answer a = script.apply(r);
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", a.contentType());
                a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    ex.getResponseBody().write(bytes);
                }
            }
        });
        http.start();
    }

    /** The base URL, {@code http://127.0.0.1:PORT/api/v1}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1");
    }

    /** Requests received for {@code path} (under the base URL). */
    List<Received> to(String path) {
        return received.stream().filter(r -> r.path().equals("/api/v1" + path)).toList();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
