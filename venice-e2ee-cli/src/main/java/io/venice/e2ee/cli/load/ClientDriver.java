package io.venice.e2ee.cli.load;

import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.transport.TransportException;
import io.venice.e2ee.transport.vertx.VertxTransport;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Streams straight through the client library: {@link VeniceClient#chatAsync} (a session of its own per stream:
 * attestation, verification, a fresh key pair) over the Vert.x transport, each delta read as it is published.
 */
final class ClientDriver implements StreamDriver {
    private final Vertx vertx;
    private final VertxTransport transport;
    private final VeniceClient client;

    ClientDriver(VeniceClient.Builder settings, int connections) {
        this.vertx = Vertx.vertx();
        this.transport = VertxTransport.create(vertx, Duration.ofSeconds(30), new HttpClientOptions(),
                new PoolOptions().setHttp1MaxSize(connections));
        this.client = settings.transport(transport).build();
    }

    @Override
    public CompletableFuture<StreamResult> stream(StreamFault fault, String prompt) {
        long start = System.nanoTime();
        CompletableFuture<StreamResult> out = new CompletableFuture<>();
        List<StreamResult.Delta> received = new ArrayList<>();
        String[] id = new String[1];
        client.chatAsync(fault.model(), ChatRequest.ofUser(prompt)).whenComplete((stream, error) -> {
            if (error != null) {
                out.complete(failure(fault, error, null, received, start));
                return;
            }
            stream.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChatDelta d) {
                    long now = System.nanoTime();
                    synchronized (received) {
                        if (id[0] == null) {
                            id[0] = d.id();
                        }
                        if (d.reasoning() != null && !d.reasoning().isEmpty()) {
                            received.add(new StreamResult.Delta(true, d.reasoning(), now));
                        }
                        if (d.content() != null && !d.content().isEmpty()) {
                            received.add(new StreamResult.Delta(false, d.content(), now));
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                    synchronized (received) {
                        out.complete(failure(fault, t, id[0], received, start));
                    }
                }

                @Override
                public void onComplete() {
                    synchronized (received) {
                        out.complete(StreamResult.completed(fault, id[0], received, start));
                    }
                }
            });
        });
        return out;
    }

    private static StreamResult failure(StreamFault fault, Throwable error, String id, List<StreamResult.Delta> got,
                                        long start) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return StreamResult.failed(fault, typeName(t), t instanceof VeniceE2eeException, id, got, start);
    }

    /** E.g. {@code SessionException.AttestationRejected} or {@code TransportException.HttpStatus 429}. */
    static String typeName(Throwable t) {
        String name = t.getClass().getName();
        String simple = name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
        if (t instanceof TransportException.HttpStatus h) {
            return simple + " " + h.status();
        }
        if (t instanceof VeniceProtocolException.ServerRefused r) {
            return simple + " " + r.status();
        }
        return simple;
    }

    @Override
    public void close() {
        client.close();
        transport.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the load test's Vert.x did not close: " + e, e);
        }
    }
}
