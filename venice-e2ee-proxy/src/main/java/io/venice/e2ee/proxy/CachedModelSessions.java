package io.venice.e2ee.proxy;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.ModelInfo;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.signature.SignatureReport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@link ModelSessions} on the client library: an E2EE session is {@link VeniceClient#openSessionAsync} (attested
 * with a fresh nonce, verified under the policy, a fresh key pair; the session attests again by itself when the model
 * key rotates); a TEE-only one is a verified {@link Attestation}. Requests that arrive while a session is being opened
 * wait for that one attestation. A session is replaced when it is older than {@code maxAge} or has failed, and closed
 * (its keys zero-filled) once no request uses it. Thread-safe; every state change happens under this object's lock.
 */
final class CachedModelSessions implements ModelSessions {
    private static final System.Logger LOG = System.getLogger(VeniceProxy.class.getName());

    private final ClientPool clients;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ProxyMetrics metrics;
    private final Map<Key, Entry> entries = new HashMap<>();
    private boolean closed;

    private record Key(String keyId, String model, PrivacyMode mode) {
    }

    /**
     * @param clientFactory the client for an API key
     * @param maxKeys       how many API keys' clients to keep when some are idle
     * @param maxAge        how long a session serves before the next request opens a fresh one
     */
    CachedModelSessions(Function<String, VeniceClient> clientFactory, int maxKeys, Duration maxAge,
                        ProxyMetrics metrics, LongSupplier nanoTime) {
        this.clients = new ClientPool(clientFactory, maxKeys, this::inUse, this::evicted);
        this.maxAgeNanos = maxAge.toNanos();
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    @Override
    public CompletionStage<io.venice.e2ee.chat.PrivacyMode> privacyMode(String apiKey, String model, boolean teeOnly) {
        VeniceClient c;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the proxy is closing"));
            }
            c = clients.client(apiKey);
        }
        return c.privacyModeAsync(model, teeOnly, false);
    }

    @Override
    public CompletionStage<List<ModelInfo>> models(String apiKey) {
        VeniceClient c;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the proxy is closing"));
            }
            c = clients.client(apiKey);
        }
        return c.listModelsAsync();
    }

    @Override
    public CompletionStage<Lease> acquire(String apiKey, String model, PrivacyMode mode) {
        Entry e;
        boolean reused;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the proxy is closing"));
            }
            Key k = new Key(ClientPool.keyId(apiKey), model, mode);
            e = entries.get(k);
            if (e != null && (e.ready.isCompletedExceptionally() || nanoTime.getAsLong() - e.openedAt > maxAgeNanos)) {
                entries.remove(k);
                e.retire();
                e = null;
            }
            reused = e != null;
            if (e == null) {
                e = new Entry(k, clients.client(apiKey), nanoTime.getAsLong());
                entries.put(k, e);
                metrics.attested();
            } else {
                metrics.attestationReused();
            }
            e.leases++;
        }
        Entry entry = e;
        if (!reused) {
            entry.open();
        }
        return entry.ready.handle((verified, error) -> {
            if (error != null) {
                entry.release();
                throw new CompletionException(unwrap(error));
            }
            return new SessionLease(entry, verified, reused);
        });
    }

    private boolean inUse(String keyId) {
        return entries.values().stream().anyMatch(e -> e.key.keyId().equals(keyId) && e.leases > 0);
    }

    private void evicted(String keyId) {
        entries.values().removeIf(e -> {
            if (e.key.keyId().equals(keyId)) {
                e.retire();
                return true;
            }
            return false;
        });
    }

    /** Forgets {@code e} (a failed verification): the next request opens a new session. */
    private synchronized void invalidate(Entry e) {
        if (entries.get(e.key) == e) {
            entries.remove(e.key);
        }
        e.retire();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            entries.values().forEach(e -> {
                e.leases = 0;
                e.retire();
            });
            entries.clear();
            clients.close();
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private void failed(Key k, Throwable error) {
        Throwable c = unwrap(error);
        if (c instanceof SessionException.AttestationRejected r) {
            r.report().ifPresentOrElse(metrics::verificationFailed, () -> metrics.verificationFailed("attestation"));
        } else if (c instanceof SessionException.NoModelKey) {
            metrics.verificationFailed("model.key");
        }
        LOG.log(System.Logger.Level.WARNING, "no verified session for " + k.model() + " (" + k.mode().header() + "): "
                + c.getMessage());
    }

    /** A verified way to a model: an E2EE session, or an attestation for TEE-only chats. */
    private interface Verified {
        VerificationReport report();

        String signingAddress();

        CompletionStage<ChatStream> chat(ChatRequest request);

        CompletionStage<SignatureReport> verifySignature(ChatCompletion completion);

        void close();
    }

    private record E2ee(E2eeSession session) implements Verified {
        @Override
        public VerificationReport report() {
            return session.report();
        }

        @Override
        public String signingAddress() {
            return session.signingAddress();
        }

        @Override
        public CompletionStage<ChatStream> chat(ChatRequest request) {
            return session.chatAsync(request);
        }

        @Override
        public CompletionStage<SignatureReport> verifySignature(ChatCompletion completion) {
            return session.verifySignatureAsync(completion);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private record TeeOnly(VeniceClient client, Attestation attestation) implements Verified {
        @Override
        public VerificationReport report() {
            return attestation.verification();
        }

        @Override
        public String signingAddress() {
            return attestation.signingAddress();
        }

        @Override
        public CompletionStage<ChatStream> chat(ChatRequest request) {
            // venice_parameters.enable_e2ee false, stated rather than left to the missing headers, as Venice asks
            return client.teeOnlyChatAsync(attestation, request);
        }

        @Override
        public CompletionStage<SignatureReport> verifySignature(ChatCompletion completion) {
            return client.verifySignatureAsync(attestation, completion);
        }

        @Override
        public void close() {
            // an attestation holds no secret
        }
    }

    /** One session slot: its opening, how many requests use it, whether it is replaced. */
    private final class Entry {
        final Key key;
        final VeniceClient client;
        final long openedAt;
        final CompletableFuture<Verified> ready = new CompletableFuture<>();
        int leases;
        boolean retired;

        Entry(Key key, VeniceClient client, long openedAt) {
            this.key = key;
            this.client = client;
            this.openedAt = openedAt;
        }

        void open() {
            CompletionStage<Verified> opening = key.mode() == PrivacyMode.E2EE
                    ? client.openSessionAsync(key.model()).thenApply(E2ee::new)
                    : client.attestAsync(key.model()).thenApply(a -> {
                        if (!a.passed()) {
                            throw new SessionException.AttestationRejected(key.model(), a.verification());
                        }
                        return new TeeOnly(client, a);
                    });
            opening.whenComplete((v, error) -> {
                if (error != null) {
                    failed(key, error);
                    invalidate(this);
                    ready.completeExceptionally(unwrap(error));
                } else {
                    LOG.log(System.Logger.Level.INFO, "verified " + key.model() + " (" + key.mode().header()
                            + ") at policy " + v.report().level().label() + ", enclave " + v.signingAddress());
                    boolean keep;
                    synchronized (CachedModelSessions.this) {
                        keep = !retired;
                    }
                    ready.complete(v);
                    if (!keep) {
                        v.close();
                    }
                }
            });
        }

        /** Closes the session once no request uses it (now, when none does). Under the owner's lock. */
        void retire() {
            retired = true;
            closeIfUnused();
        }

        void release() {
            synchronized (CachedModelSessions.this) {
                leases--;
                closeIfUnused();
            }
        }

        private void closeIfUnused() {
            if (retired && leases <= 0 && ready.isDone() && !ready.isCompletedExceptionally()) {
                ready.join().close();
            }
        }
    }

    /** One request's use of an entry. */
    private final class SessionLease implements Lease {
        private final Entry entry;
        private final Verified verified;
        private final boolean reused;
        private final AtomicBoolean released = new AtomicBoolean();

        SessionLease(Entry entry, Verified verified, boolean reused) {
            this.entry = entry;
            this.verified = verified;
            this.reused = reused;
        }

        @Override
        public String model() {
            return entry.key.model();
        }

        @Override
        public PrivacyMode mode() {
            return entry.key.mode();
        }

        @Override
        public VerificationReport report() {
            return verified.report();
        }

        @Override
        public String signingAddress() {
            return verified.signingAddress();
        }

        @Override
        public boolean reused() {
            return reused;
        }

        @Override
        public CompletionStage<ChatStream> chat(ChatRequest request) {
            return verified.chat(request).whenComplete((s, error) -> {
                // a re-attestation (the model key rotated) that did not pass: this session is done
                if (error != null && unwrap(error) instanceof SessionException) {
                    failed(entry.key, error);
                    invalidate(entry);
                }
            });
        }

        @Override
        public CompletionStage<SignatureReport> verifySignature(ChatCompletion completion) {
            return verified.verifySignature(completion);
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                entry.release();
            }
        }
    }
}
