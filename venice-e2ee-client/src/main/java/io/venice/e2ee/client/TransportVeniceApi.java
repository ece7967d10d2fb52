package io.venice.e2ee.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.TransportException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link VeniceApi} over a {@link Transport}: builds each request and maps error answers through {@link HttpErrors}. */
final class TransportVeniceApi implements VeniceApi {
    private static final ObjectMapper JSON = VeniceJson.newMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Venice and its backends take exactly 32 bytes; some refuse or hash anything else. */
    static final int NONCE_LENGTH = 32;

    private final Transport transport;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration responseTimeout;
    private final Duration totalTimeout;
    private final long maxBodyBytes;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param baseUrl         the API's base URL, without a trailing slash
     * @param apiKey          sent as a bearer token, or null for none
     * @param responseTimeout how long an answer's headers may take
     * @param clock           reads {@code Retry-After} given as a date
     */
    TransportVeniceApi(Transport transport, URI baseUrl, String apiKey, Duration responseTimeout, Clock clock) {
        this(transport, baseUrl, apiKey, responseTimeout, null, Transport.Request.DEFAULT_MAX_BODY_BYTES, clock);
    }

    /**
     * @param baseUrl         the API's base URL, without a trailing slash
     * @param apiKey          sent as a bearer token, or null for none
     * @param responseTimeout how long an answer's headers may take
     * @param totalTimeout    how long a JSON call's whole answer may take, or null for no limit beyond the
     *                        transport's
     * @param maxBodyBytes    the most bytes of a JSON call's answer
     * @param clock           reads {@code Retry-After} given as a date
     */
    TransportVeniceApi(Transport transport, URI baseUrl, String apiKey, Duration responseTimeout,
                       Duration totalTimeout, long maxBodyBytes, Clock clock) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.responseTimeout = responseTimeout;
        this.totalTimeout = totalTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<List<ModelInfo>> models() {
        URI uri = resolve("/models", Map.of());
        return getJson(uri).thenApply(r -> parseModels(uri, r));
    }

    @Override
    public CompletableFuture<FetchedAttestation> attestation(String model, byte[] given) {
        Objects.requireNonNull(model, "model");
        byte[] nonce;
        if (given == null) {
            nonce = new byte[NONCE_LENGTH];
            random.nextBytes(nonce);
        } else {
            nonce = requireNonce(given);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("model", model);
        query.put("nonce", Hex.encode(nonce));
        return getJson(resolve("/tee/attestation", query)).thenApply(r -> new FetchedAttestation(nonce, r.body()));
    }

    /**
     * A copy of {@code nonce} when it is 32 bytes.
     *
     * @throws IllegalArgumentException otherwise, naming the length
     */
    static byte[] requireNonce(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("an attestation nonce must be exactly 32 bytes (64 hex digits), got "
                    + nonce.length + " bytes; Venice refuses or hashes other lengths, so nothing was sent");
        }
        return nonce.clone();
    }

    @Override
    public CompletableFuture<ResponseSignature> signature(String model, String requestId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("model", Objects.requireNonNull(model, "model"));
        query.put("request_id", Objects.requireNonNull(requestId, "requestId"));
        return getJson(resolve("/tee/signature", query)).thenApply(r -> ResponseSignature.parse(r.body()));
    }

    @Override
    public CompletableFuture<byte[]> gatewayAttestation(URI gateway, byte[] nonce) {
        URI uri = URI.create(gateway.toString() + "/v1/aci/attestation?nonce=" + Hex.encode(requireNonce(nonce)));
        // no Authorization header: the gateway is not Venice, and the API key is Venice's
        return get(uri, Map.of("Accept", "application/json")).thenApply(Transport.Response::body);
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Map<String, String> extraHeaders, byte[] body) {
        URI uri = resolve("/chat/completions", Map.of());
        Map<String, String> headers = new LinkedHashMap<>(authHeaders());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "text/event-stream");
        headers.putAll(extraHeaders);
        return transport.stream(Transport.Request.post(uri, headers, body, responseTimeout)).thenCompose(resp -> {
            if (resp.status() / 100 != 2) {
                return readBounded(resp.body()).thenApply(errorBody -> {
                    throw new CompletionException(HttpErrors.of(uri, resp.status(),
                            resp.header("Retry-After").orElse(null), errorBody, clock));
                });
            }
            return CompletableFuture.completedFuture(new ChatResponse(uri, resp));
        });
    }

    /** A GET of {@code uri} asking for JSON: its 2xx answer, or the typed error of any other status. */
    private CompletableFuture<Transport.Response> getJson(URI uri) {
        Map<String, String> headers = new LinkedHashMap<>(authHeaders());
        headers.put("Accept", "application/json");
        return get(uri, headers);
    }

    /** A GET of {@code uri} with exactly {@code headers}: its 2xx answer, or the typed error of any other status. */
    private CompletableFuture<Transport.Response> get(URI uri, Map<String, String> headers) {
        CompletableFuture<Transport.Response> sent = transport.send(Transport.Request.get(uri, headers,
                responseTimeout).withMaxBodyBytes(maxBodyBytes));
        return bounded(uri, sent).thenApply(r -> {
            if (r.status() / 100 != 2) {
                throw new CompletionException(HttpErrors.of(uri, r.status(), r.header("Retry-After").orElse(null),
                        r.body(), clock));
            }
            return r;
        });
    }

    /**
     * {@code sent}, failing with {@link TransportException.Timeout} once the whole call has taken longer than the
     * total timeout: a body that drips without end would outlast the headers' timeout.
     */
    private CompletableFuture<Transport.Response> bounded(URI uri, CompletableFuture<Transport.Response> sent) {
        if (totalTimeout == null) {
            return sent;
        }
        return sent.copy().orTimeout(totalTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof TimeoutException) {
                sent.cancel(true);
                return CompletableFuture.failedFuture(new TransportException.Timeout(uri, "the whole answer",
                        totalTimeout, null));
            }
            return CompletableFuture.failedFuture(e);
        });
    }

    private Map<String, String> authHeaders() {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    private URI resolve(String path, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(baseUrl.toString()).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(sb.toString());
    }

    /**
     * Reads {@code {"data": [{"id": ..., "type": ..., "model_spec": {"name": ..., "capabilities": {...}}}, ...]}}.
     *
     * @throws VeniceProtocolException.MalformedResponse if the answer is not JSON, has no {@code data} array, or lists
     *                                                   a model without an id
     */
    private static List<ModelInfo> parseModels(URI uri, Transport.Response answer) {
        String endpoint = "GET " + uri;
        String what = "the model list";
        JsonNode root;
        try {
            root = JSON.readTree(answer.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            throw new CompletionException(new VeniceProtocolException.MalformedResponse(endpoint, what, "it sent "
                    + describe(answer) + ", which is not JSON", null));
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw new CompletionException(new VeniceProtocolException.MalformedResponse(endpoint, what, "it sent JSON"
                    + " without a \"data\" array of models (" + describe(answer) + ")", null));
        }
        List<ModelInfo> out = new ArrayList<>();
        for (JsonNode m : data) {
            JsonNode id = m.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new CompletionException(new VeniceProtocolException.MalformedResponse(endpoint, what,
                        "model " + out.size() + " of its \"data\" array has no \"id\"", null));
            }
            JsonNode spec = m.path("model_spec");
            JsonNode caps = spec.path("capabilities");
            out.add(new ModelInfo(id.asText(), spec.path("name").asText(null), m.path("type").asText(null),
                    caps.path("supportsTeeAttestation").asBoolean(false), caps.path("supportsE2EE").asBoolean(false)));
        }
        return List.copyOf(out);
    }

    /** What an answer is, for a message: its Content-Type and the start of its body, on one line. */
    private static String describe(Transport.Response answer) {
        String type = answer.header("Content-Type").map(String::strip).orElse("no Content-Type");
        String text = new String(answer.body(), 0, Math.min(answer.body().length, 240), StandardCharsets.UTF_8).strip();
        StringBuilder start = new StringBuilder();
        for (int i = 0; i < text.length() && start.length() < 60; i++) {
            char c = text.charAt(i);
            start.append(Character.isISOControl(c) ? ' ' : c);
        }
        return "a " + type + " body of " + answer.body().length + " bytes starting \"" + start + "\"";
    }

    /** Collects an error body (bounded), for the message. */
    private static CompletableFuture<byte[]> readBounded(Flow.Publisher<List<ByteBuffer>> body) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        body.subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                s = subscription;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer b : item) {
                    int n = Math.min(b.remaining(), MAX_ERROR_BODY - out.size());
                    byte[] chunk = new byte[n];
                    b.get(chunk);
                    out.write(chunk, 0, n);
                }
                if (out.size() >= MAX_ERROR_BODY) {
                    s.cancel();
                    f.complete(out.toByteArray());
                }
            }

            @Override
            public void onError(Throwable t) {
                f.complete(out.toByteArray());
            }

            @Override
            public void onComplete() {
                f.complete(out.toByteArray());
            }
        });
        return f;
    }
}
