package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test-side HTTP and E2EE client for the simulator, over real loopback sockets with the JDK client. */
final class SimHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final EnvelopeCipher CIPHER = new EnvelopeCipher(CryptoSuite.defaults());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    final URI base;
    final String apiKey;

    SimHttp(URI base) {
        this(base, "test-key");
    }

    SimHttp(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request and returns as soon as the head arrives; the body's lines are read as they come. */
    static HttpResponse<java.util.stream.Stream<String>> sendLines(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpRequest request) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    static String error(HttpResponse<byte[]> r) {
        return json(r).path("error").asText(null);
    }

    static byte[] nonce() {
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        return n;
    }

    /** GET /tee/attestation with a fresh nonce; returns the parsed body (status must be 200). */
    JsonNode attest(String model, byte[] nonce, String... headers) {
        HttpResponse<byte[]> r = get("/tee/attestation?model=" + model + "&nonce=" + Hex.encode(nonce), headers);
        if (r.statusCode() != 200) {
            throw new AssertionError("attestation status " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return json(r);
    }

    /** A chat body with the given messages (role, content pairs). */
    static byte[] chatBody(String model, boolean stream, String... roleContent) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model);
        var arr = o.putArray("messages");
        for (int i = 0; i < roleContent.length; i += 2) {
            arr.addObject().put("role", roleContent[i]).put("content", roleContent[i + 1]);
        }
        o.put("stream", stream);
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The E2EE headers for a session key and a model key. */
    static String[] teeHeaders(EcdhKeyPair session, String modelKey) {
        return new String[] {E2eeHeaders.CLIENT_PUBLIC_KEY, Hex.encode(session.publicKey()),
            E2eeHeaders.MODEL_PUBLIC_KEY, modelKey, E2eeHeaders.SIGNING_ALGORITHM, E2eeHeaders.SIGNING_ALGORITHM_ECDSA};
    }

    static String seal(String modelKeyHex, String text) {
        return CIPHER.seal(Hex.decode(modelKeyHex), text);
    }

    /** Splits an SSE body into its {@code data:} payloads, asserting each event is one line followed by a blank line. */
    static List<String> sseData(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int end = text.indexOf("\n\n", pos);
            if (end < 0) {
                throw new AssertionError("event without a terminating blank line at byte " + pos);
            }
            String event = text.substring(pos, end);
            if (!event.startsWith("data: ") || event.contains("\n")) {
                throw new AssertionError("not a one-line data event: " + event);
            }
            out.add(event.substring(6));
            pos = end + 2;
        }
        return out;
    }
}
