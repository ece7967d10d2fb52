package io.venice.e2ee.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams through the OpenAI-compatible proxy as any OpenAI client would: {@code POST /v1/chat/completions} with
 * {@code stream: true} over loopback, reading the SSE chunks as they arrive. A stream completes with
 * {@code data: [DONE]}; it fails typed with an OpenAI error (a non-200 answer, or an error event once the stream has
 * started), and untyped if it ends any other way.
 */
final class ProxyDriver implements StreamDriver {
    /** Longer than the proxy's own upstream timeouts (60 s), so a slow upstream is reported by the proxy, typed. */
    private static final Duration IDLE = Duration.ofMinutes(5);

    private final URI chatUrl;
    private final long connectMillis;
    private final Vertx vertx;
    private final HttpClientAgent http;

    /**
     * @param baseUrl     the proxy's OpenAI base URL ({@code http://host:port/v1})
     * @param connections connections to the proxy at most (one per open stream)
     * @param connectWait how long a stream may wait for its connection: the whole run, so a stream the proxy is
     *                    slow to accept is measured as slow, not cut off by the load generator
     */
    ProxyDriver(URI baseUrl, int connections, Duration connectWait) {
        this.chatUrl = URI.create(baseUrl + "/chat/completions");
        this.connectMillis = connectWait.toMillis();
        this.vertx = Vertx.vertx();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectMillis)),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    @Override
    public CompletableFuture<StreamResult> stream(StreamFault fault, String prompt) {
        ObjectNode body = VeniceJson.object();
        body.put("model", fault.model());
        body.put("stream", true);
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", prompt);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(chatUrl.toString())
                .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer load-test")
                .setIdleTimeout(IDLE.toMillis()).setConnectTimeout(connectMillis);
        long start = System.nanoTime();
        Reader reader = new Reader(fault, start);
        http.request(options).compose(req -> req.send(Buffer.buffer(body.toString())))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        reader.fail("connection " + ar.cause().getClass().getSimpleName(), false);
                    } else {
                        reader.read(ar.result());
                    }
                });
        return reader.result;
    }

    /** Reads one answer; every method runs on the connection's event loop. */
    private static final class Reader {
        final CompletableFuture<StreamResult> result = new CompletableFuture<>();
        final StreamFault fault;
        final long start;
        final List<StreamResult.Delta> received = new ArrayList<>();
        String id;
        boolean done;
        String errorCode;

        Reader(StreamFault fault, long start) {
            this.fault = fault;
            this.start = start;
        }

        void read(HttpClientResponse resp) {
            if (resp.statusCode() != 200) {
                int status = resp.statusCode();
                resp.body().onComplete(b -> {
                    String error = b.succeeded() ? errorOf(status, b.result()) : null;
                    fail(error != null ? error : "http " + status + " without an OpenAI error", error != null);
                });
                return;
            }
            RecordParser lines = RecordParser.newDelimited("\n", resp);
            lines.handler(this::line);
            lines.exceptionHandler(t -> fail("connection lost (" + t.getClass().getSimpleName() + ")", false));
            lines.endHandler(v -> {
                if (errorCode != null) {
                    fail("stream " + errorCode, true);
                } else if (done) {
                    result.complete(StreamResult.completed(fault, id, received, start));
                } else {
                    fail("stream ended without [DONE] or an error event", false);
                }
            });
        }

        /** {@code http 502 <code>} for an OpenAI error body, else null. */
        private static String errorOf(int status, Buffer body) {
            try {
                JsonNode e = VeniceJson.read(body.getBytes()).path("error");
                if (e.path("message").isTextual() && e.path("type").isTextual()) {
                    return "http " + status + " " + e.path("code").asText(e.path("type").asText());
                }
            } catch (IOException notJson) {
                // not an OpenAI error: reported untyped below
            }
            return null;
        }

        private void line(Buffer raw) {
            long now = System.nanoTime();
            String line = raw.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.startsWith("data:")) {
                return;
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                done = true;
                return;
            }
            JsonNode chunk;
            try {
                chunk = VeniceJson.read(data);
            } catch (IOException e) {
                errorCode = errorCode != null ? errorCode : "unreadable_chunk";
                return;
            }
            if (chunk.has("error")) {
                errorCode = chunk.path("error").path("code").asText("error");
                return;
            }
            if (id == null) {
                id = chunk.path("id").asText(null);
            }
            JsonNode delta = chunk.path("choices").path(0).path("delta");
            String reasoning = delta.path("reasoning_content").asText("");
            if (!reasoning.isEmpty()) {
                received.add(new StreamResult.Delta(true, reasoning, now));
            }
            String content = delta.path("content").asText("");
            if (!content.isEmpty()) {
                received.add(new StreamResult.Delta(false, content, now));
            }
        }

        void fail(String type, boolean typed) {
            result.complete(StreamResult.failed(fault, type, typed, id, received, start));
        }
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the load test's HTTP client did not close: " + e, e);
        }
    }
}
