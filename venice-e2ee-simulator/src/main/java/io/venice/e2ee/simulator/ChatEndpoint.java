package io.venice.e2ee.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.envelope.Envelope;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * {@code POST /chat/completions}: validates the E2EE headers and fields with Venice's errors, decrypts every message,
 * asks the {@link ReplyGenerator}, and answers as OpenAI chat-completion chunks (each encrypted delta sealed to the
 * client key with a fresh ephemeral key) or, for plain requests, a chat completion. All crypto runs on workers; a
 * stream's events are sealed in batches and written as they are ready ({@link SseStream}).
 */
final class ChatEndpoint {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VeniceSimulator sim;
    private final Vertx vertx;
    private final Endpoints endpoints;

    ChatEndpoint(VeniceSimulator sim, Vertx vertx, Endpoints endpoints) {
        this.sim = sim;
        this.vertx = vertx;
        this.endpoints = endpoints;
    }

    /**
     * A completion ready to send: a JSON body (already recorded for signatures), or the SSE events, each built (and
     * sealed) when it is called, and the record of the bytes sent to make once the last one is written.
     */
    private record Prepared(byte[] json, List<Event> events, Consumer<byte[]> recordSent, Set<Fault> faults,
                            List<SentChunks.Chunk> sentChunks) {
    }

    /** One SSE event, built (and sealed) when called; {@code text} is its delta in the clear, null for none. */
    private record Event(Supplier<byte[]> bytes, String text, boolean reasoning) {
        static Event other(Supplier<byte[]> bytes) {
            return new Event(bytes, null, false);
        }
    }

    /** The E2EE headers of one request. */
    private record TeeHeaders(String clientKey, String modelKey, String signingAlgo) {
        boolean any() {
            return clientKey != null || modelKey != null || signingAlgo != null;
        }

        boolean all() {
            return clientKey != null && modelKey != null && signingAlgo != null;
        }
    }

    void handle(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        byte[] request = body == null ? new byte[0] : body.getBytes();
        Set<Fault> faults = Endpoints.faults(ctx);
        TeeHeaders headers = new TeeHeaders(ctx.request().getHeader(E2eeHeaders.CLIENT_PUBLIC_KEY),
                ctx.request().getHeader(E2eeHeaders.MODEL_PUBLIC_KEY), ctx.request().getHeader(E2eeHeaders.SIGNING_ALGORITHM));
        endpoints.blocking(ctx, () -> prepare(request, headers, faults), p -> send(ctx.response(), p));
    }

    private Prepared prepare(byte[] request, TeeHeaders headers, Set<Fault> requestFaults) {
        JsonNode root;
        try {
            root = sim.json.readTree(request);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw ApiError.of(400, "Invalid JSON body").raise();
        }
        JsonNode modelNode = root.get("model");
        if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isBlank()) {
            throw ApiError.of(400, "model is required").raise();
        }
        ModelSpec model = sim.models.get(modelNode.asText());
        if (model == null) {
            throw ApiError.of(404, "Specified model not found: " + modelNode.asText()).raise();
        }
        Set<Fault> faults = EnumSet.copyOf(requestFaults);
        faults.addAll(sim.faults().enabledFor(model.id()));
        ApiError failure = endpoints.httpFault(faults);
        if (failure != null) {
            throw failure.raise();
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiError.of(400, "messages must be a non-empty array").raise();
        }
        boolean stream = root.path("stream").asBoolean(false);
        JsonNode veniceParameters = root.path("venice_parameters");
        // enable_e2ee defaults to true; false runs the model TEE-only even with the E2EE headers, as the live service does
        boolean enableE2ee = veniceParameters.path("enable_e2ee").asBoolean(true);
        boolean e2eeRequested = headers.any() && enableE2ee;
        if (e2eeRequested && !model.supportsE2ee()) {
            throw ApiError.of(400, "Model " + model.id() + " does not support E2EE").raise();
        }
        boolean downgrade = faults.contains(Fault.PLAINTEXT_DOWNGRADE);
        boolean e2ee = e2eeRequested && !downgrade;
        if (faults.contains(Fault.KEY_ROTATION) && model.supportsTeeAttestation()) {
            sim.keys.rotate(model.id());
        }
        ModelKey key = sim.keys.current(model.id());
        byte[] clientKey = null;
        if (e2ee) {
            clientKey = checkE2ee(root, headers, model, key, stream);
        }

        List<ChatMessage> plain = new ArrayList<>(messages.size());
        for (JsonNode m : messages) {
            String role = m.path("role").asText("user");
            JsonNode content = m.get("content");
            String text;
            if (e2ee) {
                text = decryptField(key, content);
            } else if (downgrade && headers.any()) {
                text = tryDecrypt(key, content);
            } else {
                text = plainText(content);
            }
            plain.add(new ChatMessage(role, text));
        }
        Reply reply = sim.config.replies.reply(model.id(), List.copyOf(plain));
        // what the gateway hashes as the request it received: the body with its contents decrypted, re-serialized
        String processedSha256 = Hex.encode(TdxPlatform.sha256(processed(root, plain)));
        String clearSha256 = Hex.encode(TdxPlatform.sha256(reply.content().getBytes(StandardCharsets.UTF_8)));
        String id = "chatcmpl-" + Hex.encode(random(16));
        long created = System.currentTimeMillis() / 1000;
        int promptTokens = plain.stream().mapToInt(m -> ReplyGenerator.wordCount(m.content())).sum();
        int completionTokens = ReplyGenerator.wordCount(reply.content())
                + ((sim.config.reasoning || model.reasoning()) && reply.reasoning() != null ? ReplyGenerator.wordCount(reply.reasoning()) : 0);

        if (!stream) {
            byte[] json = completion(id, created, model, reply, promptTokens, completionTokens);
            sim.completions.put(id, model.id(), key, request, TdxPlatform.sha256(json), processedSha256, clearSha256);
            return new Prepared(json, null, null, faults, null);
        }
        return new Prepared(null, events(id, created, model, reply, clientKey, faults, promptTokens, completionTokens,
                e2ee || !enableE2ee ? enableE2ee : null),
                sentSha256 -> sim.completions.put(id, model.id(), key, request, sentSha256, processedSha256,
                        clearSha256), faults, sim.sentChunks == null ? null : sim.sentChunks.open(id));
    }

    /** The request with each message's content replaced by its clear text, as compact JSON. */
    private byte[] processed(JsonNode root, List<ChatMessage> plain) {
        ObjectNode copy = (ObjectNode) root.deepCopy();
        JsonNode messages = copy.get("messages");
        for (int i = 0; i < messages.size() && i < plain.size(); i++) {
            if (messages.get(i) instanceof ObjectNode m && m.has("content") && !m.get("content").isNull()) {
                m.put("content", plain.get(i).content());
            }
        }
        return bytes(copy);
    }

    /** Checks headers and request features under E2EE; returns the client's public key. */
    private byte[] checkE2ee(JsonNode root, TeeHeaders headers, ModelSpec model, ModelKey key, boolean stream) {
        if (!headers.all()) {
            throw ApiError.of(400, "E2EE requires the " + E2eeHeaders.CLIENT_PUBLIC_KEY + ", " + E2eeHeaders.MODEL_PUBLIC_KEY + " and "
                    + E2eeHeaders.SIGNING_ALGORITHM + " headers").raise();
        }
        String client = headers.clientKey().trim();
        if (!ModelKey.isValidClientKey(client)) {
            throw ApiError.of(400, "Invalid public key").raise();
        }
        if (!E2eeHeaders.SIGNING_ALGORITHM_ECDSA.equalsIgnoreCase(headers.signingAlgo().trim())) {
            throw ApiError.of(400, "Unsupported signing algorithm: " + E2eeHeaders.SIGNING_ALGORITHM + " must be ecdsa").raise();
        }
        if (!key.matches(headers.modelKey())) {
            throw ApiError.of(400, "No provider found for model " + model.id() + " with public key "
                    + headers.modelKey().trim()).raise();
        }
        if (!stream) {
            throw ApiError.of(400, "E2EE requires streaming").raise();
        }
        JsonNode tools = root.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            throw ApiError.of(400, "E2EE does not support function calling").raise();
        }
        JsonNode webSearch = root.path("venice_parameters").path("enable_web_search");
        if (webSearch.isBoolean() && webSearch.asBoolean()
                || webSearch.isTextual() && !"off".equalsIgnoreCase(webSearch.asText())) {
            throw ApiError.of(400, "E2EE does not support web search").raise();
        }
        return Hex.decode(client);
    }

    private String decryptField(ModelKey key, JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (!content.isTextual()) {
            throw ApiError.of(400, "E2EE does not support multimodal content").raise();
        }
        String s = content.asText();
        if (s.isEmpty()) {
            return s;
        }
        if (s.length() < Envelope.MIN_HEX_LENGTH || !Hex.isHex(s)) {
            throw ApiError.of(400, "Encrypted field is not valid hex").raise();
        }
        try {
            return sim.cipher.openToString(key.ecdh(), s);
        } catch (EnvelopeException e) {
            throw ApiError.of(400, "Failed to decrypt field").raise();
        }
    }

    /** Under a downgrade the server ignores E2EE; decrypting what it can keeps the reply meaningful for tests. */
    private String tryDecrypt(ModelKey key, JsonNode content) {
        String s = plainText(content);
        if (s.length() >= Envelope.MIN_HEX_LENGTH && Hex.isHex(s)) {
            try {
                return sim.cipher.openToString(key.ecdh(), s);
            } catch (EnvelopeException e) {
                return s;
            }
        }
        return s;
    }

    private static String plainText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())) {
                    sb.append(part.path("text").asText());
                }
            }
        }
        return sb.toString();
    }

    private byte[] completion(String id, long created, ModelSpec model, Reply reply, int prompt, int completion) {
        ObjectNode o = sim.json.createObjectNode();
        o.put("id", id);
        o.put("object", "chat.completion");
        o.put("created", created);
        o.put("model", model.id());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", reply.content());
        if ((sim.config.reasoning || model.reasoning()) && reply.reasoning() != null) {
            message.put("reasoning_content", reply.reasoning());
        }
        choice.put("finish_reason", "stop");
        usage(o, prompt, completion);
        return bytes(o);
    }

    /**
     * The stream's events in order; each one builds (and seals) its bytes when called, on any thread.
     *
     * @param echoEnableE2ee the {@code venice_parameters.enable_e2ee} to echo on the last chunk, or null for none
     */
    private List<Event> events(String id, long created, ModelSpec model, Reply reply, byte[] clientKey,
                               Set<Fault> faults, int prompt, int completion, Boolean echoEnableE2ee) {
        List<String> reasoning = (sim.config.reasoning || model.reasoning()) && reply.reasoning() != null
                ? pieces(reply.reasoning(), sim.config.chunkSize) : List.of();
        List<byte[]> content = clientKey != null && faults.contains(Fault.SPLIT_UTF8)
                ? splitCharacters(reply.content(), sim.config.chunkSize)
                : pieces(reply.content(), sim.config.chunkSize).stream()
                        .map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
        int corruptAt = faults.contains(Fault.CORRUPT_CHUNK) && !content.isEmpty() ? content.size() / 2 : -1;
        boolean cut = faults.contains(Fault.TRUNCATE_STREAM) || faults.contains(Fault.DISCONNECT);
        int keepContent = cut ? content.size() / 2 : content.size();
        boolean sealReasoning = clientKey != null && !faults.contains(Fault.PLAINTEXT_REASONING);
        SharedEphemeral repeated = clientKey != null && faults.contains(Fault.REPEAT_EPHEMERAL_KEY)
                && content.size() >= 2 ? new SharedEphemeral(sim.suite.keyAgreement().generateKeyPair(), 2) : null;

        List<Event> events = new ArrayList<>(reasoning.size() + keepContent + 3);
        events.add(Event.other(() -> {
            ObjectNode first = chunk(id, created, model);
            ObjectNode firstDelta = delta(first);
            firstDelta.put("role", "assistant");
            if (clientKey == null) {
                // the enclave removes an empty content before encrypting, so an E2EE answer starts without one
                firstDelta.put("content", "");
            }
            return sse(first);
        }));
        for (String piece : reasoning) {
            events.add(new Event(() -> {
                ObjectNode c = chunk(id, created, model);
                delta(c).put(sim.config.reasoningField, sealReasoning ? sim.cipher.seal(clientKey, piece) : piece);
                return sse(c);
            }, piece, true));
        }
        int contentFrom = events.size();
        for (int i = 0; i < keepContent; i++) {
            byte[] piece = content.get(i);
            boolean corrupt = i == corruptAt;
            SharedEphemeral ephemeral = i < 2 ? repeated : null;
            events.add(new Event(() -> contentEvent(id, created, model, clientKey, piece, corrupt, ephemeral),
                    new String(piece, StandardCharsets.UTF_8), false));
        }
        if (faults.contains(Fault.REORDER_CHUNKS) && keepContent >= 3) {
            int at = contentFrom + keepContent / 2;
            events.set(at, events.set(at - 1, events.get(at)));
        }
        if (keepContent < content.size()) {
            return events;
        }
        events.add(Event.other(() -> {
            ObjectNode last = chunk(id, created, model);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
            usage(last, prompt, completion);
            if (echoEnableE2ee != null) {
                last.putObject("venice_parameters").put("enable_e2ee", echoEnableE2ee.booleanValue());
            }
            return sse(last);
        }));
        events.add(Event.other(() -> DONE));
        return events;
    }

    /** One ephemeral key sealing several envelopes (a fault), wiped after its last use. */
    private static final class SharedEphemeral {
        private final EcdhKeyPair pair;
        private final java.util.concurrent.atomic.AtomicInteger uses;

        SharedEphemeral(EcdhKeyPair pair, int uses) {
            this.pair = pair;
            this.uses = new java.util.concurrent.atomic.AtomicInteger(uses);
        }

        String seal(EnvelopeCipher cipher, byte[] recipient, byte[] plaintext) {
            try {
                byte[] nonce = random(Envelope.NONCE_LENGTH);
                return cipher.sealWith(pair, nonce, recipient, plaintext).toHex();
            } finally {
                if (uses.decrementAndGet() == 0) {
                    pair.close();
                }
            }
        }
    }

    private byte[] contentEvent(String id, long created, ModelSpec model, byte[] clientKey, byte[] piece,
                                boolean corrupt, SharedEphemeral ephemeral) {
        ObjectNode c = chunk(id, created, model);
        String text;
        if (clientKey == null) {
            text = new String(piece, StandardCharsets.UTF_8);
        } else if (ephemeral != null) {
            text = ephemeral.seal(sim.cipher, clientKey, piece);
        } else {
            text = sim.cipher.seal(clientKey, piece).toHex();
        }
        if (corrupt && clientKey != null) {
            text = flipLastBit(text);
        }
        delta(c).put("content", text);
        byte[] whole = sse(c);
        if (!corrupt || clientKey != null) {
            return whole;
        }
        // plain streams have no tag to break: cut the JSON in half instead
        byte[] cut = new byte[whole.length / 2 + 2];
        System.arraycopy(whole, 0, cut, 0, cut.length - 2);
        cut[cut.length - 2] = '\n';
        cut[cut.length - 1] = '\n';
        return cut;
    }

    /**
     * The UTF-8 bytes of {@code text} in pieces of at most {@code size} characters, every multi-byte character cut
     * after its first byte, so that its bytes straddle two envelopes.
     */
    static List<byte[]> splitCharacters(String text, int size) {
        List<byte[]> out = new ArrayList<>();
        java.io.ByteArrayOutputStream piece = new java.io.ByteArrayOutputStream();
        int chars = 0;
        for (int cp : text.codePoints().toArray()) {
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (b.length > 1) {
                piece.write(b, 0, 1);
                out.add(piece.toByteArray());
                piece.reset();
                piece.write(b, 1, b.length - 1);
                chars = 1;
            } else {
                piece.write(b, 0, 1);
                chars++;
            }
            if (chars >= size) {
                out.add(piece.toByteArray());
                piece.reset();
                chars = 0;
            }
        }
        if (piece.size() > 0) {
            out.add(piece.toByteArray());
        }
        return out;
    }

    private ObjectNode chunk(String id, long created, ModelSpec model) {
        ObjectNode o = sim.json.createObjectNode();
        o.put("id", id);
        o.put("object", "chat.completion.chunk");
        o.put("created", created);
        o.put("model", model.id());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        return o;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0).get("delta");
    }

    private static void usage(ObjectNode o, int prompt, int completion) {
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
    }

    private byte[] sse(ObjectNode chunk) {
        byte[] json = bytes(chunk);
        byte[] out = new byte[6 + json.length + 2];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(json, 0, out, 6, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    private byte[] bytes(ObjectNode o) {
        try {
            return sim.json.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat chunk", e);
        }
    }

    /** Splits text into pieces of at most {@code size} code points (never inside a surrogate pair). */
    static List<String> pieces(String text, int size) {
        int[] cps = text.codePoints().toArray();
        List<String> out = new ArrayList<>((cps.length + size - 1) / size);
        for (int i = 0; i < cps.length; i += size) {
            out.add(new String(cps, i, Math.min(size, cps.length - i)));
        }
        return out;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Flips the lowest bit of the envelope's last byte (the end of the GCM tag): still hex, no longer authentic. */
    private static String flipLastBit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        int v = Character.digit(last, 16) ^ 1;
        return hex.substring(0, hex.length() - 1) + Character.forDigit(v, 16);
    }

    private void send(HttpServerResponse resp, Prepared p) {
        if (resp.closed()) {
            return;
        }
        if (p.json() != null) {
            resp.setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8").end(Buffer.buffer(p.json()));
            return;
        }
        Set<Fault> faults = p.faults();
        long pause = faults.contains(Fault.SLOW_DRIP) ? sim.config.slowDripMillis : sim.config.chunkDelayMillis;
        List<Event> events = p.events();
        List<SentChunks.Chunk> record = p.sentChunks();
        IntConsumer written = record == null ? i -> { } : i -> {
            Event e = events.get(i);
            if (e.text() != null) {
                SentChunks.written(record, e.reasoning(), e.text());
            }
        };
        new SseStream(vertx, resp, events.stream().map(Event::bytes).toList(), pause,
                faults.contains(Fault.SPLIT_BYTES), faults.contains(Fault.DISCONNECT), p.recordSent(), written,
                sim.streams).start();
    }
}
