package io.venice.e2ee.proxy;

import io.venice.e2ee.attestation.json.VeniceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.proxy.openai.OpenAiRequestException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The proxy's other endpoints: {@code GET /v1/models} (the upstream's list, each model marked with whether it is
 * end-to-end encrypted), {@code GET /v1/e2ee/attestation?model=} (the verification report of the session requests
 * to that model use, in the mode its listed capabilities give it), {@code GET /health} and {@code GET /metrics}.
 */
final class InfoRoutes {
    private static final ObjectMapper JSON = VeniceJson.newMapper();

    private final ModelSessions sessions;
    private final ApiKeys keys;
    private final ModeSelector modes;
    private final ProxyMetrics metrics;
    private final URI upstream;

    InfoRoutes(ModelSessions sessions, ApiKeys keys, ModeSelector modes, ProxyMetrics metrics, URI upstream) {
        this.sessions = sessions;
        this.keys = keys;
        this.modes = modes;
        this.metrics = metrics;
        this.upstream = upstream;
    }

    void models(RoutingContext ctx) {
        String apiKey;
        try {
            apiKey = keys.resolve(ctx.request().getHeader("Authorization"));
        } catch (OpenAiRequestException e) {
            Responses.error(ctx.response(), e.error(), Optional.empty());
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        Future.fromCompletionStage(sessions.models(apiKey), context).onComplete(ar -> {
            if (ar.failed()) {
                Responses.error(ctx.response(), ErrorMapping.of(ar.cause()), ErrorMapping.retryAfter(ar.cause()));
                return;
            }
            Responses.json(ctx.response(), 200, bytes(modelList(ar.result())));
        });
    }

    private static ObjectNode modelList(List<ModelInfo> models) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelInfo m : models) {
            ObjectNode o = data.addObject();
            o.put("id", m.id());
            o.put("object", "model");
            o.put("created", 0);
            o.put("owned_by", "venice.ai");
            if (m.name() != null) {
                o.put("name", m.name());
            }
            if (m.type() != null) {
                o.put("type", m.type());
            }
            o.put("e2ee", m.supportsE2ee());
            o.put("tee", m.supportsTeeAttestation());
        }
        return root;
    }

    void attestation(RoutingContext ctx) {
        String apiKey;
        String model = ctx.request().getParam("model");
        try {
            apiKey = keys.resolve(ctx.request().getHeader("Authorization"));
            if (model == null || model.isBlank()) {
                throw OpenAiRequestException.invalid("name the model: /v1/e2ee/attestation?model=ID", "model",
                        "missing_model");
            }
        } catch (OpenAiRequestException e) {
            Responses.error(ctx.response(), e.error(), Optional.empty());
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        Future.fromCompletionStage(modes.attestationMode(sessions, apiKey, model), context).onComplete(m -> {
            if (m.failed()) {
                Responses.error(ctx.response(), ErrorMapping.of(m.cause()), ErrorMapping.retryAfter(m.cause()));
                return;
            }
            report(ctx, context, apiKey, model, m.result());
        });
    }

    /** The report of the session {@code model}'s requests in {@code mode} use (opening one when there is none). */
    private void report(RoutingContext ctx, Context context, String apiKey, String model, PrivacyMode mode) {
        Future.fromCompletionStage(sessions.acquire(apiKey, model, mode), context).onComplete(ar -> {
            if (ar.failed()) {
                Responses.error(ctx.response(), ErrorMapping.of(ar.cause()), ErrorMapping.retryAfter(ar.cause()));
                return;
            }
            ModelSessions.Lease lease = ar.result();
            try {
                ObjectNode o = JSON.createObjectNode();
                o.put("model", model);
                o.put("mode", lease.mode().header());
                o.put("signing_address", lease.signingAddress());
                o.put("attestation", lease.reused() ? "reused" : "fresh");
                o.set("report", JSON.readTree(lease.report().toJson()));
                Responses.verification(ctx.response(), lease);
                Responses.json(ctx.response(), 200, bytes(o));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            } finally {
                lease.release();
            }
        });
    }

    void health(RoutingContext ctx) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "ok");
        o.put("upstream", upstream.toString());
        Responses.json(ctx.response(), 200, bytes(o));
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(Buffer.buffer(metrics.scrape()));
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
