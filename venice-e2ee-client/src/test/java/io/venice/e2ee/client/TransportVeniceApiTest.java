package io.venice.e2ee.client;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.transport.TransportException;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Each call's request and its error mapping, over real loopback HTTP. */
class TransportVeniceApiTest {
    private static final String MODELS = "{\"data\":[{\"id\":\"e2ee-m\",\"type\":\"text\",\"model_spec\":{\"name\":\"M\","
            + "\"capabilities\":{\"supportsTeeAttestation\":true,\"supportsE2EE\":true}}},{\"id\":\"plain\"}]}";

    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private LoopbackServer server;

    @AfterEach
    void close() {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    private TransportVeniceApi api(Function<LoopbackServer.Received, LoopbackServer.Answer> script) throws Exception {
        server = new LoopbackServer(script);
        return new TransportVeniceApi(transport, server.baseUrl(), "secret-key", Duration.ofSeconds(5),
                Clock.systemUTC());
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f) {
        return Futures.unwrap(catchThrowable(() -> f.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void modelsAreReadWithTheirCapabilitiesAndTheKeyIsABearerToken() throws Exception {
        List<ModelInfo> models = api(r -> LoopbackServer.Answer.json(200, MODELS)).models().get(10, TimeUnit.SECONDS);
        assertThat(models).containsExactly(new ModelInfo("e2ee-m", "M", "text", true, true),
                new ModelInfo("plain", null, null, false, false));
        LoopbackServer.Received r = server.to("/models").get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.header("Authorization")).isEqualTo("Bearer secret-key");
        assertThat(r.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void eachAttestationAsksWithAFreshNonceAndReturnsIt() throws Exception {
        TransportVeniceApi api = api(r -> LoopbackServer.Answer.json(200, "{\"signing_key\":\"04\"}"));
        VeniceApi.FetchedAttestation first = api.attestation("e2ee-m", null).get(10, TimeUnit.SECONDS);
        VeniceApi.FetchedAttestation second = api.attestation("e2ee-m", null).get(10, TimeUnit.SECONDS);
        assertThat(first.nonce()).hasSize(32).isNotEqualTo(second.nonce());
        assertThat(new String(first.json(), StandardCharsets.UTF_8)).isEqualTo("{\"signing_key\":\"04\"}");
        assertThat(server.to("/tee/attestation")).extracting(LoopbackServer.Received::query).containsExactly(
                "model=e2ee-m&nonce=" + Hex.encode(first.nonce()), "model=e2ee-m&nonce=" + Hex.encode(second.nonce()));
    }

    @Test
    void aCallersNonceIsSentAsLowerCaseHexAndAnyOtherLengthIsRefusedBeforeAnyRequest() throws Exception {
        TransportVeniceApi api = api(r -> LoopbackServer.Answer.json(200, "{}"));
        byte[] nonce = new byte[32];
        nonce[0] = (byte) 0xAB;
        assertThat(api.attestation("e2ee-m", nonce).get(10, TimeUnit.SECONDS).nonce()).isEqualTo(nonce);
        assertThat(server.to("/tee/attestation").get(0).query()).isEqualTo("model=e2ee-m&nonce=ab" + "00".repeat(31));
        for (int length : new int[] {16, 31, 33, 0}) {
            assertThatThrownBy(() -> api.attestation("e2ee-m", new byte[length]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly 32 bytes")
                    .hasMessageContaining("got " + length + " bytes").hasMessageContaining("nothing was sent");
        }
        assertThat(server.to("/tee/attestation")).hasSize(1);
    }

    @Test
    void aSignatureIsAskedByModelAndRequestIdAndParsed() throws Exception {
        ResponseSignature sig = api(r -> LoopbackServer.Answer.json(200, "{\"text\":\"a:b\",\"signature\":\"0x01\","
                + "\"signing_address\":\"0xab\",\"signing_algo\":\"ecdsa\"}")).signature("e2ee-m", "chatcmpl-1")
                .get(10, TimeUnit.SECONDS);
        assertThat(sig).isEqualTo(new ResponseSignature("a:b", "0x01", "0xab", "ecdsa", false,
                "{\"text\":\"a:b\",\"signature\":\"0x01\",\"signing_address\":\"0xab\",\"signing_algo\":\"ecdsa\"}"));
        assertThat(ResponseSignature.parse(("{\"text\":\"a:b\",\"signature\":\"0x01\",\"receipt\":{\"api_version\":"
                + "\"aci/1\"}}").getBytes(StandardCharsets.UTF_8)).hasReceipt()).isTrue();
        assertThat(server.to("/tee/signature").get(0).query()).isEqualTo("model=e2ee-m&request_id=chatcmpl-1");
    }

    @Test
    void aChatIsPostedWithItsHeadersAndAnErrorStatusIsTyped() throws Exception {
        TransportVeniceApi api = api(r -> LoopbackServer.Answer.json(400,
                "{\"error\":\"No provider found for model e2ee-m with public key 04ab\"}"));
        byte[] body = "{\"stream\":true}".getBytes(StandardCharsets.UTF_8);
        Throwable t = failure(api.chat(Map.of("X-Venice-TEE-Signing-Algo", "ecdsa"), body));
        assertThat(t).isInstanceOf(VeniceProtocolException.ServerRefused.class);
        assertThat(((VeniceProtocolException.ServerRefused) t).error()).isEqualTo(VeniceError.NO_PROVIDER);
        LoopbackServer.Received r = server.to("/chat/completions").get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Accept")).isEqualTo("text/event-stream");
        assertThat(r.header("X-Venice-TEE-Signing-Algo")).isEqualTo("ecdsa");
    }

    @Test
    void aJsonCallsErrorStatusKeepsItsStatusAndRetryAfter() throws Exception {
        TransportVeniceApi api = api(r -> new LoopbackServer.Answer(429, "application/json",
                "{\"error\":\"Too many requests\"}", Map.of("Retry-After", "3")));
        Throwable t = failure(api.models());
        assertThat(t).isInstanceOf(TransportException.HttpStatus.class).hasMessageContaining("Too many requests");
        assertThat(((TransportException.HttpStatus) t).retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void aModelListThatIsNotJsonSaysWhatCameAndWhatToCheck() throws Exception {
        TransportVeniceApi api = api(r -> new LoopbackServer.Answer(200, "text/html; charset=utf-8",
                "<!doctype html>\n<html><body>Welcome</body></html>", Map.of()));
        Throwable t = failure(api.models());
        assertThat(t).isInstanceOf(VeniceProtocolException.MalformedResponse.class)
                .hasMessageContaining("GET " + server.baseUrl() + "/models").hasMessageContaining("the model list")
                .hasMessageContaining("text/html").hasMessageContaining("<!doctype html> <html>")
                .hasMessageContaining("not JSON").hasMessageContaining("base URL").hasMessageNotContaining("\n");
        assertThat(t).isNotInstanceOf(VeniceProtocolException.MalformedChunk.class);
        assertThat(((VeniceProtocolException.MalformedResponse) t).endpoint()).endsWith("/models");
    }

    @Test
    void aModelListOfAnotherShapeIsMalformedToo() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        TransportVeniceApi api = api(r -> LoopbackServer.Answer.json(200, calls.incrementAndGet() == 1
                ? "{\"models\":[]}" : "{\"data\":[{\"id\":\"a\"},{\"type\":\"text\"}]}"));
        assertThat(failure(api.models())).isInstanceOf(VeniceProtocolException.MalformedResponse.class)
                .hasMessageContaining("without a \"data\" array");
        assertThat(failure(api.models())).isInstanceOf(VeniceProtocolException.MalformedResponse.class)
                .hasMessageContaining("model 1 of its \"data\" array has no \"id\"");
    }
}
