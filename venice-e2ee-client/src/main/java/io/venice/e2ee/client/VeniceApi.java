package io.venice.e2ee.client;

import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.spi.Transport;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Venice's HTTP API as the client calls it: one typed call per endpoint, each building its request and turning an
 * error answer into the typed exception that says what to do. {@link TransportVeniceApi} makes the calls over a
 * {@link Transport}; {@link RetryingVeniceApi} wraps it to retry the idempotent ones.
 */
interface VeniceApi {
    /** {@code GET /models}: the models with their TEE and E2EE capabilities. */
    CompletableFuture<List<ModelInfo>> models();

    /**
     * {@code GET /tee/attestation} of {@code model} with {@code nonce}: 32 bytes, sent as 64 lower-case hex digits; null
     * for a fresh random one on every call.
     *
     * @throws IllegalArgumentException (at once, before any request) when {@code nonce} is not 32 bytes
     */
    CompletableFuture<FetchedAttestation> attestation(String model, byte[] nonce);

    /** {@code GET /tee/signature} of the completion {@code requestId} of {@code model}. */
    CompletableFuture<ResponseSignature> signature(String model, String requestId);

    /**
     * {@code GET <gateway>/v1/aci/attestation?nonce=} on the TEE gateway at {@code gateway} (scheme, host and port; not
     * Venice): its own ACI attestation, as served. Sent without an API key (the gateway needs none); an error status
     * fails as any call's does.
     *
     * @param nonce 32 bytes, sent as 64 lower-case hex digits, as the gateway requires
     */
    CompletableFuture<byte[]> gatewayAttestation(URI gateway, byte[] nonce);

    /**
     * {@code POST /chat/completions}, streamed: completes once a 2xx answer's headers have arrived (its body follows),
     * or fails with the typed error of any other status. Never retried: a chat may have reached the model.
     *
     * @param headers headers beyond authorization and content negotiation (the {@code X-Venice-TEE-*} ones)
     * @param body    the exact body to send
     */
    CompletableFuture<ChatResponse> chat(Map<String, String> headers, byte[] body);

    /**
     * An attestation as served.
     *
     * @param nonce the nonce it was asked for with
     * @param json  the answer's body
     */
    record FetchedAttestation(byte[] nonce, byte[] json) {
    }

    /**
     * A chat answer whose body is still arriving.
     *
     * @param uri      where it was asked (named in errors)
     * @param response status, headers and the body to come
     */
    record ChatResponse(URI uri, Transport.StreamingResponse response) {
    }
}
