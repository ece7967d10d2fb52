package io.venice.e2ee.client;

import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.transport.TransportException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries the idempotent calls of another {@link VeniceApi} under a {@link RetryPolicy}, each on the failures worth
 * another try: models and a gateway's own attestation on transient failures; attestation on those and on Venice's "attestation failed" and "nonce
 * mismatch" (each try asks with a new nonce); a signature on those and on 404, since it can lag the end of its
 * stream. A chat is never retried. A nonce the caller chose is sent again on every try; otherwise each try has its own. A {@code Retry-After} longer than the policy allows ends the retries.
 */
final class RetryingVeniceApi implements VeniceApi {
    private final VeniceApi api;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;

    /** Retries calls of {@code api}; waits between tries are scheduled on {@code scheduler}. */
    RetryingVeniceApi(VeniceApi api, RetryPolicy policy, ScheduledExecutorService scheduler) {
        this.api = api;
        this.policy = policy;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<List<ModelInfo>> models() {
        return retry(api::models, RetryingVeniceApi::isTransient);
    }

    @Override
    public CompletableFuture<FetchedAttestation> attestation(String model, byte[] nonce) {
        if (nonce != null) {
            // a caller's nonce is checked before the first try, and each try asks with it again
            TransportVeniceApi.requireNonce(nonce);
        }
        return retry(() -> api.attestation(model, nonce), e -> isTransient(e)
                || e instanceof VeniceProtocolException.ServerRefused r
                && (r.error() == VeniceError.ATTESTATION_FAILED || r.error() == VeniceError.NONCE_MISMATCH));
    }

    @Override
    public CompletableFuture<ResponseSignature> signature(String model, String requestId) {
        return retry(() -> api.signature(model, requestId), e -> isTransient(e)
                || e instanceof TransportException.HttpStatus h && h.status() == 404);
    }

    @Override
    public CompletableFuture<byte[]> gatewayAttestation(URI gateway, byte[] nonce) {
        TransportVeniceApi.requireNonce(nonce);
        return retry(() -> api.gatewayAttestation(gateway, nonce), RetryingVeniceApi::isTransient);
    }

    @Override
    public CompletableFuture<ChatResponse> chat(Map<String, String> headers, byte[] body) {
        return api.chat(headers, body);
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof TransportException t && t.retryable();
    }

    private <T> CompletableFuture<T> retry(Supplier<CompletableFuture<T>> call, Predicate<Throwable> retryable) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(1, call, retryable, result);
        return result;
    }

    private <T> void attempt(int n, Supplier<CompletableFuture<T>> call, Predicate<Throwable> retryable,
                             CompletableFuture<T> result) {
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        f.whenComplete((v, e) -> {
            if (e == null) {
                result.complete(v);
                return;
            }
            Throwable c = Futures.unwrap(e);
            Duration retryAfter = c instanceof TransportException.HttpStatus h ? h.retryAfter().orElse(null) : null;
            boolean allowed = retryAfter == null || retryAfter.compareTo(policy.maxRetryAfter()) <= 0;
            if (n < policy.maxAttempts() && allowed && retryable.test(c)) {
                scheduler.schedule(() -> attempt(n + 1, call, retryable, result),
                        policy.delay(n, retryAfter).toMillis(), TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(c);
            }
        });
    }
}
