package io.venice.e2ee.client;

import io.venice.e2ee.transport.TransportException;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Retry as a decorator of the real API over loopback: which calls are retried, on what, and how often. */
class RetryingVeniceApiTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofSeconds(1));

    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LoopbackServer server;

    @AfterEach
    void close() {
        transport.close();
        scheduler.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private RetryingVeniceApi api(Function<LoopbackServer.Received, LoopbackServer.Answer> script) throws Exception {
        server = new LoopbackServer(script);
        return new RetryingVeniceApi(new TransportVeniceApi(transport, server.baseUrl(), null, Duration.ofSeconds(5),
                Clock.systemUTC()), FAST, scheduler);
    }

    /** Fails {@code failures} times with {@code failure}, then answers {@code ok}. */
    private static Function<LoopbackServer.Received, LoopbackServer.Answer> failing(int failures,
            LoopbackServer.Answer failure, String ok) {
        AtomicInteger n = new AtomicInteger();
        return r -> n.incrementAndGet() <= failures ? failure : LoopbackServer.Answer.json(200, ok);
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f) {
        return Futures.unwrap(catchThrowable(() -> f.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void aTransientFailureIsRetriedUntilItPasses() throws Exception {
        RetryingVeniceApi api = api(failing(2, LoopbackServer.Answer.json(503, "{\"error\":\"busy\"}"), "{\"data\":[]}"));
        assertThat(api.models().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(server.to("/models")).hasSize(3);
    }

    @Test
    void triesStopAtThePolicysLimitWithTheLastError() throws Exception {
        RetryingVeniceApi api = api(r -> LoopbackServer.Answer.json(500, "{\"error\":\"down\"}"));
        Throwable t = failure(api.models());
        assertThat(t).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(server.to("/models")).hasSize(3);
    }

    @Test
    void aRefusalThatIsNotTransientIsNotRetried() throws Exception {
        RetryingVeniceApi api = api(r -> LoopbackServer.Answer.json(401, "{\"error\":\"Authentication failed\"}"));
        assertThat(failure(api.models())).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(server.to("/models")).hasSize(1);
    }

    @Test
    void aRetryAfterLongerThanAllowedEndsTheRetries() throws Exception {
        RetryingVeniceApi api = api(r -> new LoopbackServer.Answer(429, "application/json", "{\"error\":\"slow down\"}",
                Map.of("Retry-After", "60")));
        assertThat(failure(api.models())).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(server.to("/models")).hasSize(1);
    }

    @Test
    void anAttestationVeniceCouldNotVerifyIsAskedAgainWithANewNonce() throws Exception {
        RetryingVeniceApi api = api(failing(1, LoopbackServer.Answer.json(400,
                "{\"error\":\"TEE attestation verification failed\"}"), "{}"));
        VeniceApi.FetchedAttestation a = api.attestation("e2ee-m", null).get(10, TimeUnit.SECONDS);
        assertThat(server.to("/tee/attestation")).hasSize(2);
        assertThat(server.to("/tee/attestation").get(0).query()).isNotEqualTo(server.to("/tee/attestation").get(1).query());
        assertThat(server.to("/tee/attestation").get(1).query()).endsWith(io.venice.e2ee.crypto.Hex.encode(a.nonce()));
    }

    @Test
    void aSignatureNotYetThereIsAskedAgain() throws Exception {
        RetryingVeniceApi api = api(failing(2, LoopbackServer.Answer.json(404, "{\"error\":\"not found\"}"),
                "{\"text\":\"a:b\",\"signature\":\"0x01\"}"));
        assertThat(api.signature("e2ee-m", "chatcmpl-1").get(10, TimeUnit.SECONDS).text()).isEqualTo("a:b");
        assertThat(server.to("/tee/signature")).hasSize(3);
    }

    @Test
    void aModelListMissingIsNotRetriedLikeASignature() throws Exception {
        RetryingVeniceApi api = api(r -> LoopbackServer.Answer.json(404, "{\"error\":\"not found\"}"));
        assertThat(failure(api.models())).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(server.to("/models")).hasSize(1);
    }

    @Test
    void aChatIsNeverResent() throws Exception {
        RetryingVeniceApi api = api(r -> LoopbackServer.Answer.json(503, "{\"error\":\"busy\"}"));
        assertThat(failure(api.chat(Map.of(), new byte[] {'{', '}'}))).isInstanceOf(TransportException.HttpStatus.class);
        assertThat(server.to("/chat/completions")).hasSize(1);
    }
}
