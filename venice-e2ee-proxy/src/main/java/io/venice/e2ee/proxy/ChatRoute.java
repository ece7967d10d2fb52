package io.venice.e2ee.proxy;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.proxy.openai.ChunkWriter;
import io.venice.e2ee.proxy.openai.CompletionWriter;
import io.venice.e2ee.proxy.openai.OpenAiError;
import io.venice.e2ee.proxy.openai.OpenAiRequestException;
import io.venice.e2ee.proxy.openai.RequestScreen;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.transport.vertx.ChatReadStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/chat/completions}: screens the request, chooses its mode (from the model list's capabilities),
 * takes a verified session for its model,
 * sends the chat (always streamed upstream: Venice's E2EE requires it) and relays the decrypted answer: as OpenAI
 * chunks for {@code stream: true}, as one {@code chat.completion} otherwise. Everything runs on the request's event
 * loop but decryption, which the client does on its worker pool; a client that reads slowly pauses the upstream read
 * (the response's write queue, then the delta stream's demand, then the connection), and one that disconnects closes
 * the upstream stream.
 */
final class ChatRoute implements Handler<RoutingContext> {
    private static final System.Logger LOG = System.getLogger(VeniceProxy.class.getName());

    private final ModelSessions sessions;
    private final ApiKeys keys;
    private final ModeSelector modes;
    private final ProxyMetrics metrics;
    private final boolean verifySignatures;

    ChatRoute(ModelSessions sessions, ApiKeys keys, ModeSelector modes, ProxyMetrics metrics, boolean verifySignatures) {
        this.sessions = sessions;
        this.keys = keys;
        this.modes = modes;
        this.metrics = metrics;
        this.verifySignatures = verifySignatures;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String apiKey;
        RequestScreen.Screened screened;
        boolean teeOnly;
        ChatRequest request;
        try {
            apiKey = keys.resolve(req.getHeader("Authorization"));
            Buffer body = ctx.body().buffer();
            screened = RequestScreen.screen(body == null ? null : body.getBytes());
            teeOnly = modes.teeOnlyRequested(req.getHeader(ModeSelector.MODE_HEADER), screened.teeOnlyRequested());
            if (!teeOnly) {
                RequestScreen.screenForE2ee(screened.body());
            }
            request = ChatRequest.fromJson(screened.body().toString());
        } catch (OpenAiRequestException | IllegalArgumentException e) {
            Responses.error(ctx.response(), ErrorMapping.of(e), Optional.empty());
            return;
        }
        // the model's capabilities come from the model list the key's client keeps: fetched without blocking this loop
        Future.fromCompletionStage(modes.select(sessions, apiKey, screened.model(), teeOnly),
                ctx.vertx().getOrCreateContext()).onComplete(ar -> {
                    if (ar.failed()) {
                        Responses.error(ctx.response(), ErrorMapping.of(ar.cause()), ErrorMapping.retryAfter(ar.cause()));
                        return;
                    }
                    new Exchange(ctx, screened, ar.result(), apiKey, request).start();
                });
    }

    /** One request's relay; every method runs on the request's context. */
    private final class Exchange {
        private final HttpServerRequest req;
        private final HttpServerResponse resp;
        private final Context context;
        private final RequestScreen.Screened screened;
        private final PrivacyMode mode;
        private final String apiKey;
        private final ChatRequest request;
        private final long created = System.currentTimeMillis() / 1000;
        private ModelSessions.Lease lease;
        private ChatStream stream;
        private ChatReadStream deltas;
        private boolean open;
        private boolean gone;
        private boolean done;

        Exchange(RoutingContext ctx, RequestScreen.Screened screened, PrivacyMode mode, String apiKey,
                 ChatRequest request) {
            this.req = ctx.request();
            this.resp = ctx.response();
            this.context = ctx.vertx().getOrCreateContext();
            this.screened = screened;
            this.mode = mode;
            this.apiKey = apiKey;
            this.request = request;
        }

        void start() {
            resp.closeHandler(v -> clientGone());
            Future.fromCompletionStage(sessions.acquire(apiKey, screened.model(), mode), context).onComplete(ar -> {
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                lease = ar.result();
                if (gone) {
                    lease.release();
                    return;
                }
                long sent = System.nanoTime();
                Future.fromCompletionStage(lease.chat(request), context).onComplete(cr -> {
                    if (cr.failed()) {
                        fail(cr.cause());
                        return;
                    }
                    metrics.upstreamLatency(Duration.ofNanos(System.nanoTime() - sent));
                    stream = cr.result();
                    if (gone) {
                        stream.close();
                        finish();
                        return;
                    }
                    open = true;
                    metrics.streamOpened();
                    deltas = ChatReadStream.of(stream, context);
                    if (screened.stream()) {
                        relay();
                    } else {
                        aggregate();
                    }
                });
            });
        }

        /** {@code stream: true}: each delta as an OpenAI chunk as it is decrypted, then {@code [DONE]}. */
        private void relay() {
            resp.setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
            Responses.verification(resp, lease);
            boolean trailer = verifySignatures && wantsTrailers();
            if (trailer) {
                resp.putHeader("Trailer", Responses.SIGNATURE);
            }
            ChunkWriter chunks = new ChunkWriter(created, screened.model());
            deltas.exceptionHandler(t -> {
                if (gone || done) {
                    return;
                }
                OpenAiError e = logged(t);
                // the status line is sent: the error goes as the last event, as OpenAI's streams report one
                resp.end(Buffer.buffer(e.toSseEvent()));
                finish();
            });
            deltas.endHandler(v -> {
                if (gone || done) {
                    return;
                }
                resp.write(Buffer.buffer(ChunkWriter.DONE));
                if (!verifySignatures) {
                    resp.end();
                    finish();
                    return;
                }
                CompletionStage<String> verdict = verify(stream.completion());
                if (!trailer) {
                    resp.end();
                    finish();
                    return;
                }
                Future.fromCompletionStage(verdict, context).onComplete(ar -> {
                    if (!gone) {
                        resp.putTrailer(Responses.SIGNATURE, ar.succeeded() ? ar.result() : "error");
                        resp.end();
                    }
                    finish();
                });
            });
            deltas.handler(d -> {
                metrics.delta(d);
                resp.write(Buffer.buffer(chunks.chunk(d)));
                if (resp.writeQueueFull()) {
                    // the client reads more slowly than the answer comes: stop asking upstream until it catches up
                    deltas.pause();
                    metrics.paused();
                    resp.drainHandler(x -> deltas.resume());
                }
            });
        }

        /** {@code stream} false or absent: the answer read to its end, sent as one {@code chat.completion}. */
        private void aggregate() {
            deltas.exceptionHandler(this::fail);
            deltas.endHandler(v -> Future.fromCompletionStage(stream.completion(), context).onComplete(ar -> {
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                ChatCompletion c = ar.result();
                if (!verifySignatures) {
                    respond(c, null);
                    return;
                }
                Future.fromCompletionStage(verify(stream.completion()), context)
                        .onComplete(s -> respond(c, s.succeeded() ? s.result() : "error"));
            }));
            deltas.handler(metrics::delta);
        }

        private void respond(ChatCompletion c, String signature) {
            if (!gone) {
                Responses.verification(resp, lease);
                if (signature != null) {
                    resp.putHeader(Responses.SIGNATURE, signature);
                }
                Responses.json(resp, 200, CompletionWriter.completion(c, created, screened.model()));
            }
            finish();
        }

        /** Checks the response signature once the answer is complete: logged, counted, and its verdict returned. */
        private CompletionStage<String> verify(CompletionStage<ChatCompletion> completion) {
            return completion.thenCompose(c -> lease.verifySignature(c).thenApply(r -> {
                metrics.signature(r.verdict());
                LOG.log(r.verdict() == SignatureReport.Verdict.FAILED ? System.Logger.Level.WARNING
                        : System.Logger.Level.INFO, "signature of " + c.id() + " (" + screened.model() + "): "
                        + r.summary().replace("\n  ", "; "));
                return r.verdict().name().toLowerCase(Locale.ROOT);
            })).exceptionally(e -> {
                metrics.signature("error");
                LOG.log(System.Logger.Level.WARNING, "signature of an answer of " + screened.model()
                        + " could not be checked: " + CachedModelSessions.unwrap(e).getMessage());
                return "error";
            });
        }

        private boolean wantsTrailers() {
            String te = req.getHeader("TE");
            return te != null && te.toLowerCase(Locale.ROOT).contains("trailers");
        }

        private void fail(Throwable t) {
            OpenAiError e = logged(t);
            if (!gone) {
                Responses.error(resp, e, ErrorMapping.retryAfter(t));
            }
            finish();
        }

        private OpenAiError logged(Throwable t) {
            OpenAiError e = ErrorMapping.of(t);
            if (e.status() >= 500) {
                LOG.log(System.Logger.Level.WARNING, "chat with " + screened.model() + " failed (" + e.status() + " "
                        + e.code() + "): " + e.message());
            }
            return e;
        }

        /** The client disconnected before the end: stop reading upstream, which closes that connection. */
        private void clientGone() {
            if (done || gone) {
                return;
            }
            gone = true;
            metrics.cancelled();
            if (deltas != null) {
                deltas.close();
            } else if (stream != null) {
                stream.close();
            }
            finish();
        }

        private void finish() {
            if (!done) {
                done = true;
                if (open) {
                    metrics.streamClosed();
                }
            }
            if (lease != null) {
                lease.release();
            }
        }
    }
}
