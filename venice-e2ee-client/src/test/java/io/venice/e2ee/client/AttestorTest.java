package io.venice.e2ee.client;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The attestation as the client builds it: fetched, verified, and its model key parsed once. */
class AttestorTest {
    private static final String CAPTURE = "venice/capture-2026-04-24/0001_api.venice.ai_api_v1_tee_attestation.body";

    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private LoopbackServer server;

    @AfterEach
    void close() {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    private Attestation attest(String json) throws Exception {
        server = new LoopbackServer(r -> LoopbackServer.Answer.json(200, json));
        VeniceApi api = new TransportVeniceApi(transport, server.baseUrl(), null, Duration.ofSeconds(5), Clock.systemUTC());
        return new Attestor(api, VerificationPolicy.defaults(), Clock.systemUTC(), Runnable::run).attest("e2ee-m")
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void theServedKeyIsKeptAsServedWithItsPointAndAddress() throws Exception {
        String json = new String(TestVectors.bytes(CAPTURE), StandardCharsets.UTF_8);
        Attestation a = attest(json);
        AttestationReport report = AttestationReport.parse(json);
        assertThat(a.modelKey().publicKey()).isEqualTo(report.signingPublicKey());
        assertThat(json).contains("\"" + a.modelKey().served() + "\"");
        assertThat(a.modelKey().address()).isEqualTo(report.signingAddress().toOptional().orElseThrow().toLowerCase());
        assertThat(a.signingAddress()).isEqualTo(a.modelKey().address());
        assertThat(a.passed()).as("a fresh nonce cannot match the recorded evidence").isFalse();
        assertThat(a.nonce()).hasSize(32);
    }

    @Test
    void aKeyServedWithoutItsPrefixIsSentBackAsServed() throws Exception {
        try (EcdhKeyPair k = new io.venice.e2ee.envelope.EnvelopeCipher(CryptoSuite.builder().provider("bc").build())
                .keyAgreement().generateKeyPair()) {
            String bare = PublicKeyHex.format(k.publicKey()).substring(2);
            Attestation a = attest("{\"signing_public_key\":\" " + bare + "\\n\"}");
            assertThat(a.modelKey().served()).isEqualTo(bare);
            assertThat(a.modelKey().publicKey()).isEqualTo(k.publicKey());
        }
    }

    @Test
    void anAttestationWithoutAKeyHasNoModelKeyAndStatesItsAddressOnly() throws Exception {
        Attestation a = attest("{\"signing_address\":\"0xAbCd000000000000000000000000000000000001\"}");
        assertThat(a.modelKey()).isNull();
        assertThat(a.signingAddress()).isEqualTo("0xAbCd000000000000000000000000000000000001");
    }
}
