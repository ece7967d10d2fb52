package io.venice.e2ee.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** The HTTP surface: routes under {@code /api/v1}, bearer auth, per-request faults, JSON errors. */
final class Endpoints {
    static final String PREFIX = "/api/v1";
    private static final String FAULTS_KEY = "simulator.faults";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VeniceSimulator sim;
    private final Vertx vertx;
    private final AttestationBuilder attestation;
    private final ChatEndpoint chat;

    Endpoints(VeniceSimulator sim, Vertx vertx) {
        this.sim = sim;
        this.vertx = vertx;
        this.attestation = new AttestationBuilder(sim);
        this.chat = new ChatEndpoint(sim, vertx, this);
    }

    Router router() {
        Router r = Router.router(vertx);
        // every body is read and every request recorded before any check, so a test sees whatever reached the server
        r.route().handler(BodyHandler.create(false).setBodyLimit(16L * 1024 * 1024));
        r.route().handler(this::record);
        r.route().handler(this::log);
        r.route("/v1/aci/*").handler(this::injectFaults);
        r.get("/v1/aci/attestation").handler(this::gatewayAttestation);
        r.route(PREFIX + "/*").handler(this::authenticate);
        r.route(PREFIX + "/*").handler(this::injectFaults);
        r.get(PREFIX + "/models").handler(this::models);
        r.get(PREFIX + "/tee/attestation").handler(this::attestation);
        r.get(PREFIX + "/tee/signature").handler(this::signature);
        r.post(PREFIX + "/chat/completions").handler(chat::handle);
        r.route(CollateralEndpoints.PCS + "/*").handler(this::injectFaults);
        r.route(CollateralEndpoints.NRAS + "/*").handler(this::injectFaults);
        new CollateralEndpoints(sim, this).mount(r);
        r.route().last().handler(ctx -> error(ctx, ApiError.of(404, "Not found: " + ctx.request().method() + " "
                + ctx.request().path())));
        return r;
    }

    private void record(RoutingContext ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).add(h.getValue()));
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        sim.received.add(new ReceivedRequest(ctx.request().method().name(), ctx.request().path(),
                ctx.request().query(), headers, body == null ? new byte[0] : body.getBytes()));
        ctx.next();
    }

    /**
     * The gateway's own {@code GET /v1/aci/attestation?nonce=} (no API key, as the real one): the envelope whose quote
     * binds the keyset and the nonce; the nonce must be 64 lower-case hex digits. The {@code gateway-*} faults forge it.
     */
    private void gatewayAttestation(RoutingContext ctx) {
        ModelSpec gatewayModel = sim.models.values().stream()
                .filter(m -> m.backend() == ModelSpec.Backend.PHALA_GATEWAY).findFirst().orElse(null);
        if (gatewayModel == null) {
            aciError(ctx, 404, "not_found", "this simulator serves no model behind the gateway");
            return;
        }
        String nonce = ctx.queryParams().get("nonce");
        if (nonce != null && !nonce.matches("[0-9a-f]{64}")) {
            aciError(ctx, 400, "invalid_request_error", "nonce must be exactly 64 lowercase hex characters (32 bytes)");
            return;
        }
        ModelKey key = sim.keys.current(gatewayModel.id());
        Set<Fault> faults = faults(ctx);
        blocking(ctx, () -> attestation.gatewayAttestation(key, nonce, faults), body -> json(ctx.response(), 200, body));
    }

    /** An error in the gateway's own shape: {@code {"error":{"message","type","code":null,"param":null}}}. */
    private void aciError(RoutingContext ctx, int status, String type, String message) {
        ObjectNode body = sim.json.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("code").putNull("param");
        json(ctx.response(), status, body);
    }

    /** Records every request but those reading the log itself. */
    private void log(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.startsWith(CollateralEndpoints.CONTROL + "/")) {
            String query = ctx.request().query();
            sim.requests().add(new RequestLog.Entry(ctx.request().method().name(), path, query, Instant.now()));
        }
        ctx.next();
    }

    private void authenticate(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        String key = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        boolean anonymous = (key == null || key.isEmpty()) && sim.config.allowMissingApiKey && sim.config.apiKey == null;
        if (!anonymous && (key == null || key.isEmpty() || (sim.config.apiKey != null && !sim.config.apiKey.equals(key)))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            error(ctx, ApiError.of(401, "Authentication failed"));
            return;
        }
        ctx.next();
    }

    private void injectFaults(RoutingContext ctx) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        faults.addAll(sim.faults().enabled());
        try {
            faults.addAll(Fault.parseList(ctx.request().getHeader(Fault.HEADER)));
        } catch (IllegalArgumentException e) {
            error(ctx, ApiError.of(400, e.getMessage()));
            return;
        }
        ctx.put(FAULTS_KEY, faults);
        ApiError failure = httpFault(faults);
        if (failure != null) {
            error(ctx, failure);
            return;
        }
        ctx.next();
    }

    /** The HTTP error one of {@code faults} calls for, or null. */
    ApiError httpFault(Set<Fault> faults) {
        if (faults.contains(Fault.SERVER_ERROR)) {
            return ApiError.of(500, "Internal server error");
        }
        if (faults.contains(Fault.BAD_GATEWAY)) {
            return ApiError.of(502, "Bad gateway");
        }
        if (faults.contains(Fault.RATE_LIMIT)) {
            return new ApiError(429, "Rate limit exceeded", sim.config.retryAfterSeconds);
        }
        return null;
    }

    static Set<Fault> faults(RoutingContext ctx) {
        Set<Fault> f = ctx.get(FAULTS_KEY);
        return f == null ? EnumSet.noneOf(Fault.class) : f;
    }

    private void models(RoutingContext ctx) {
        ObjectNode root = sim.json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        long created = 1_735_689_600L;
        for (ModelSpec m : sim.models.values()) {
            ObjectNode o = data.addObject();
            o.put("id", m.id());
            o.put("type", "text");
            o.put("object", "model");
            o.put("created", created);
            o.put("owned_by", "venice.ai");
            ObjectNode spec = o.putObject("model_spec");
            spec.put("name", m.upstreamName());
            spec.put("availableContextTokens", 131_072);
            ObjectNode caps = spec.putObject("capabilities");
            caps.put("supportsE2EE", m.supportsE2ee());
            caps.put("supportsTeeAttestation", m.supportsTeeAttestation());
            caps.put("supportsFunctionCalling", !m.supportsE2ee());
            caps.put("supportsReasoning", sim.config.reasoning || m.reasoning());
            caps.put("supportsVision", false);
            caps.put("supportsWebSearch", !m.supportsE2ee());
            spec.put("privacy", m.supportsTeeAttestation() ? "private" : "anonymized");
            spec.put("offline", false);
        }
        json(ctx.response(), 200, root);
    }

    private void attestation(RoutingContext ctx) {
        String modelId = ctx.queryParams().get("model");
        ModelSpec model = requireModel(ctx, modelId);
        if (model == null) {
            return;
        }
        if (!model.supportsTeeAttestation()) {
            error(ctx, ApiError.of(400, "Model " + modelId + " does not support TEE attestation"));
            return;
        }
        String nonceParam = ctx.queryParams().get("nonce");
        byte[] nonce;
        boolean clientNonce = nonceParam != null;
        if (clientNonce) {
            if (nonceParam.length() != 64 || !io.venice.e2ee.crypto.Hex.isHex(nonceParam)) {
                error(ctx, ApiError.of(400, "Nonce must be exactly 32 bytes"));
                return;
            }
            nonce = io.venice.e2ee.crypto.Hex.decode(nonceParam);
        } else {
            nonce = new byte[32];
            RANDOM.nextBytes(nonce);
        }
        Set<Fault> faults = EnumSet.copyOf(faults(ctx));
        faults.addAll(sim.faults().enabledFor(model.id()));
        blocking(ctx, () -> attestation.build(model, nonce, clientNonce, faults), body -> {
            if (faults.contains(Fault.KEY_ROTATION)) {
                sim.keys.rotate(model.id());
            }
            json(ctx.response(), 200, body);
        });
    }

    private void signature(RoutingContext ctx) {
        String modelId = ctx.queryParams().get("model");
        String requestId = ctx.queryParams().get("request_id");
        if (requestId == null || requestId.isBlank()) {
            error(ctx, ApiError.of(400, "request_id is required"));
            return;
        }
        ModelSpec model = requireModel(ctx, modelId);
        if (model == null) {
            return;
        }
        CompletionLog.Entry entry = sim.completions.get(requestId);
        if (entry == null || !entry.model().equals(model.id())) {
            error(ctx, ApiError.of(404, "Signature not found for request_id " + requestId));
            return;
        }
        boolean gateway = model.backend() == ModelSpec.Backend.PHALA_GATEWAY;
        boolean signatureOtherKey = faults(ctx).contains(Fault.SIGNATURE_OTHER_KEY);
        boolean receiptTampered = faults(ctx).contains(Fault.RECEIPT_TAMPERED);
        blocking(ctx, () -> {
            ObjectNode o = sim.json.createObjectNode();
            if (gateway) {
                o.put("api_version", "aci/1");
            }
            String text = entry.text(gateway);
            o.put("text", text);
            o.put("signature", (signatureOtherKey ? sim.keys.generate() : entry.key()).personalSign(text));
            o.put("signing_address", entry.key().address().toLowerCase());
            o.put("signing_algo", E2eeHeaders.SIGNING_ALGORITHM_ECDSA);
            if (gateway) {
                AciGeneration generation = sim.config.aciGeneration;
                String digest = sim.gateway.digest(sim.gateway.keyset(generation, entry.key()));
                ObjectNode receipt = sim.gateway.receipt(generation, requestId, model.upstreamName(),
                        model.upstreamName(), digest, entry.processedSha256(), entry.responseSha256(),
                        entry.clearSha256());
                if (receiptTampered) {
                    receipt.put("served_at", receipt.get("served_at").asLong() + 1);
                }
                o.set("receipt", receipt);
            }
            o.put("model", model.id());
            o.put("request_id", requestId);
            if (gateway) {
                o.put("tee_provider", "phala");
                o.put("tee_hardware", "intel-tdx");
            }
            return o;
        }, body -> json(ctx.response(), 200, body));
    }

    /** The model named by {@code id}, or null after answering 400 (missing) or 404 (unknown). */
    ModelSpec requireModel(RoutingContext ctx, String id) {
        if (id == null || id.isBlank()) {
            error(ctx, ApiError.of(400, "model is required"));
            return null;
        }
        ModelSpec m = sim.models.get(id);
        if (m == null) {
            error(ctx, ApiError.of(404, "Specified model not found: " + id));
        }
        return m;
    }

    /** Runs {@code work} on a worker thread (crypto), then {@code done} on the event loop; errors become answers. */
    <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> done) {
        Future<T> f = vertx.executeBlocking(work, false);
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                done.accept(ar.result());
            } else if (ar.cause() instanceof ApiError.Raised raised) {
                error(ctx, raised.error);
            } else {
                error(ctx, ApiError.of(500, "Internal server error"));
            }
        });
    }

    void json(HttpServerResponse resp, int status, Object body) {
        try {
            resp.setStatusCode(status)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(Buffer.buffer(sim.json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            resp.setStatusCode(500).end();
        }
    }

    void error(RoutingContext ctx, ApiError e) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        if (e.retryAfterSeconds() != null) {
            resp.putHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        ObjectNode body = sim.json.createObjectNode();
        body.put("error", e.message());
        json(resp, e.status(), body);
    }
}
