package io.venice.e2ee.client;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.PrivacyMode;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.ResponseSignatureException;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class SignatureCheckerTest {
    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private LoopbackServer server;

    @AfterEach
    void close() {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAnswerWithoutACompletionIdIsRefusedAsSuchWithoutAsking() throws Exception {
        String evidence = new String(TestVectors.bytes(
                "venice/capture-2026-04-24/0001_api.venice.ai_api_v1_tee_attestation.body"), StandardCharsets.UTF_8);
        server = new LoopbackServer(r -> LoopbackServer.Answer.json(200, evidence));
        VeniceApi api = new TransportVeniceApi(transport, server.baseUrl(), null, Duration.ofSeconds(5), Clock.systemUTC());
        Attestation a = new Attestor(api, VerificationPolicy.defaults(), Clock.systemUTC(), Runnable::run)
                .attest("e2ee-m").get(10, TimeUnit.SECONDS);
        SignatureChecker checker = new SignatureChecker(api, CryptoSuite.builder().provider("bc").build(), false,
                new io.venice.e2ee.signature.AciReceiptVerifier());
        ChatCompletion noId = new ChatCompletion(null, "e2ee-m", "Four.", "", "stop", null, 3, "ab", null,
                PrivacyMode.END_TO_END, List.of());
        Throwable t = Futures.unwrap(catchThrowable(() -> checker.check(a, noId).get(10, TimeUnit.SECONDS)));
        assertThat(t).isInstanceOf(ResponseSignatureException.NoCompletionId.class).hasMessageContaining("e2ee-m")
                .hasMessageContaining("completion id");
        assertThat(server.to("/tee/signature")).isEmpty();
    }
}
