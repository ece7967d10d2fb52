package io.venice.e2ee.client;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.audit.AuditWriter;
import io.venice.e2ee.client.audit.CompletionEvidence;
import io.venice.e2ee.client.audit.GatewayEvidence;
import io.venice.e2ee.client.audit.SessionEvidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The audit bundles a client writes ({@link VeniceClient.Builder#auditDirectory}): one per session when it opens,
 * and one per completion once its answer has ended and its response signature was fetched and checked. A session
 * whose bundle cannot be written is not opened; a completion bundle that cannot be written is listed in
 * {@link #failures()}. {@link VeniceClient#close()} waits for the completion bundles still being written.
 */
public final class AuditTrail {
    private final AuditWriter writer;
    private final URI baseUrl;
    private final VerificationPolicy policy;
    private final SignatureChecker signatures;
    private final boolean plaintext;
    private final boolean strictHashes;
    private final Executor cpu;
    private final Clock clock;
    private final List<AuditWriter.Written> written = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<CompletableFuture<?>, Boolean> pending = new ConcurrentHashMap<>();

    AuditTrail(AuditWriter writer, URI baseUrl, VerificationPolicy policy, SignatureChecker signatures,
               boolean plaintext, boolean strictHashes, Executor cpu, Clock clock) {
        this.writer = writer;
        this.baseUrl = baseUrl;
        this.policy = policy;
        this.signatures = signatures;
        this.plaintext = plaintext;
        this.strictHashes = strictHashes;
        this.cpu = cpu;
        this.clock = clock;
    }

    /** The directory bundles are written into. */
    public java.nio.file.Path directory() {
        return writer.directory();
    }

    /** Whether completion bundles also hold the plaintext request and answer. */
    public boolean plaintext() {
        return plaintext;
    }

    /** Every bundle written so far, in order. */
    public synchronized List<AuditWriter.Written> written() {
        return List.copyOf(written);
    }

    /** Every bundle that could not be written, and why. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Waits until every completion bundle being written is written (or failed), at most {@code timeoutMillis}.
     *
     * @return whether none is left
     */
    public boolean await(long timeoutMillis) {
        try {
            CompletableFuture.allOf(pending.keySet().toArray(new CompletableFuture<?>[0]))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return pending.isEmpty();
        }
    }

    /**
     * Writes the bundle of a session opening on {@code a}.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    void session(Attestation a) {
        try {
            record(writer.write(AuditWriter.Kind.SESSION, evidence(a)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit bundle of the session with " + a.model() + " into "
                    + writer.directory() + ": " + e.getMessage() + "; nothing was sent to the model", e);
        }
    }

    /**
     * Once {@code stream} has ended, fetches and checks its response signature and writes the completion's bundle.
     *
     * @param body    the request body as sent
     * @param headers the end-to-end encryption headers sent
     * @param plain   the request as plaintext JSON (kept only when the trail keeps plaintext)
     */
    void completion(Attestation a, byte[] body, Map<String, String> headers, ChatStream stream, byte[] plain) {
        CompletableFuture<Void> done = stream.completion().handle((c, e) -> c).thenCompose(c -> {
            if (c == null) {
                // a stream that failed or was closed has no completion to record
                return CompletableFuture.completedFuture(null);
            }
            // files are written on the client's executor, never on the transport's I/O thread
            return signatures.fetchAndCheck(a, c).handleAsync((checked, e) -> {
                write(a, body, headers, stream, plain, c, checked, e);
                return null;
            }, cpu);
        });
        pending.put(done, Boolean.TRUE);
        done.whenComplete((v, e) -> pending.remove(done));
    }

    private void write(Attestation a, byte[] body, Map<String, String> headers, ChatStream stream, byte[] plain,
                       ChatCompletion c, SignatureChecker.Checked checked, Throwable error) {
        String why = error == null ? null : Futures.unwrap(error).getMessage();
        CompletionEvidence ev = new CompletionEvidence(body, headers, stream.responseBytes().orElse(null), c,
                checked == null ? null : checked.signature(), checked == null ? null : checked.report(), why,
                strictHashes, plaintext && plain != null ? new String(plain, StandardCharsets.UTF_8) : null,
                plaintext ? c.content() : null, checked == null ? null : gateway(checked.gateway()));
        try {
            record(writer.write(evidence(a), ev));
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failures.add("completion " + c.id() + " of " + a.model() + ": " + e.getMessage());
            }
        }
    }

    /** The online step as a bundle records it, or null when none ran. */
    private static GatewayEvidence gateway(GatewayAttestation g) {
        if (g == null) {
            return null;
        }
        GatewayAttestation.Exchange x = g.exchange();
        return new GatewayEvidence(g.status().name(), g.url(), g.reason(), x == null ? null : x.nonce(),
                x == null ? null : x.answer(), x == null ? null : x.collateral(), x == null ? null : x.at());
    }

    private synchronized void record(AuditWriter.Written w) {
        written.add(w);
    }

    private SessionEvidence evidence(Attestation a) {
        Instant at = a.verifiedAt() != null ? a.verifiedAt() : clock.instant();
        return new SessionEvidence(a.model(), baseUrl, a.nonce(), a.json(), a.inputs(), policy, at,
                a.verification());
    }
}
