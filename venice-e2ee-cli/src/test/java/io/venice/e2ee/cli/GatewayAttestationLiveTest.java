package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.Attestation;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.GatewayAttestation;
import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.client.RetryPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.AciReceiptVerifier;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.simulator.AciGeneration;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ReceivedRequest;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.transport.TransportException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The optional online step for a gateway-fronted ({@code -p}) model, through the client against the simulator over
 * loopback at level full: the gateway's own attestation asked with a fresh nonce and no API key, verified with Intel's
 * collateral, kept per attestation, and its keyset handed to the receipt, which then verifies; each forgery of the
 * gateway's answer, and a gateway that cannot be reached, a failed check that leaves the receipt unverified; and with
 * the option off, nothing asked.
 */
class GatewayAttestationLiveTest {
    private static final String MODEL = "e2ee-glm-5-2-p";
    private static final String GATEWAY_PATH = "/v1/aci/attestation";
    private static VeniceSimulator sim;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().apiKey("venice-key").build();
        sim.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.faults().clear();
    }

    private static VeniceClient client(VeniceSimulator s, Consumer<VeniceClient.Builder> tweak) {
        VerificationPolicy.Builder p = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL);
        s.trustAnchors().forEach(p::extraTrustAnchor);
        VeniceClient.Builder b = VeniceClient.builder().baseUrl(s.baseUrl()).apiKey("venice-key").policy(p.build())
                .pccs(s.pcsBaseUrl()).nrasUrl(s.nrasBaseUrl()).crypto(CryptoSuite.defaults());
        tweak.accept(b);
        return b.build();
    }

    /** One end-to-end chat with the gateway's model in a session of its own, and its signature's report. */
    private static SignatureReport chatAndCheck(VeniceClient client) {
        try (E2eeSession session = client.openSession(MODEL)) {
            ChatCompletion done = session.chat(ChatRequest.ofUser("via the gateway")).readAll();
            assertThat(done.content()).isEqualTo("Echo: via the gateway (3 words)");
            return session.verifySignature(done);
        }
    }

    private static List<ReceivedRequest> gatewayRequests(VeniceSimulator s, int from) {
        List<ReceivedRequest> all = s.received();
        return all.subList(from, all.size()).stream().filter(r -> r.path().equals(GATEWAY_PATH)).toList();
    }

    private static String verdictOf(SignatureReport r, String id) {
        return r.check(id).map(c -> c.verdict() + ": " + c.reason()).orElse("absent");
    }

    @ParameterizedTest
    @EnumSource(AciGeneration.class)
    void aGenuineGatewayAttestsTheKeysetOnceAndTheReceiptVerifies(AciGeneration generation) {
        try (VeniceSimulator s = VeniceSimulator.builder().apiKey("venice-key").aciGeneration(generation).build()) {
            s.start();
            int from = s.received().size();
            try (VeniceClient client = client(s, VeniceClient.Builder::verifyGatewayAttestation)) {
                assertThat(client.gatewayUrl()).contains(URI.create("http://" + s.baseUrl().getRawAuthority()));
                SignatureReport first = chatAndCheck(client);
                SignatureReport second = chatAndCheck(client);
                for (SignatureReport r : List.of(first, second)) {
                    assertThat(r.check(GatewayAttestation.CHECK)).as(r.summary()).hasValueSatisfying(c -> {
                        assertThat(c.verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
                        assertThat(c.reason()).startsWith("ATTESTED: keyset sha256:").contains("at level full")
                                .contains("Intel's collateral");
                    });
                    assertThat(r.check("receipt.attested").orElseThrow().verdict())
                            .isEqualTo(SignatureReport.Verdict.PASSED);
                    assertThat(r.check(AciReceiptVerifier.VERDICT_CHECK)).hasValueSatisfying(c -> {
                        assertThat(c.verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
                        assertThat(c.reason()).startsWith("VERIFIED:");
                    });
                    assertThat(r.signedByEnclave()).isTrue();
                }

                // one attestation, one question to the gateway: asked with a fresh 32-byte nonce and without the key
                List<ReceivedRequest> asked = gatewayRequests(s, from);
                assertThat(asked).hasSize(1);
                assertThat(asked.get(0).query()).matches("nonce=[0-9a-f]{64}");
                assertThat(asked.get(0).header("Authorization")).isNull();
                assertThat(s.received().subList(from, s.received().size())).filteredOn(q -> q.path().equals(
                        "/api/v1/tee/attestation")).hasSize(1);

                GatewayAttestation g = client.attestGateway(chatSessionAttestation(client));
                assertThat(g.status()).isEqualTo(GatewayAttestation.Status.ATTESTED);
                // level full: the gateway's quote was judged with Intel's collateral, not just its signatures
                assertThat(g.report().report().level()).isEqualTo(VerificationPolicy.Level.FULL);
                assertThat(g.report().report().check("tdx.tcb.status").orElseThrow().status())
                        .isEqualTo(Outcome.PASS);
                assertThat(g.report().report().check("aci.gateway.keyset.match").orElseThrow().status())
                        .isEqualTo(Outcome.PASS);
                assertThat(g.keyset().orElseThrow().digest()).isEqualTo(chatSessionAttestation(client).report().aci()
                        .toOptional().orElseThrow().servedKeysetDigest());
                assertThat(gatewayRequests(s, from)).hasSize(1);
            }
        }
    }

    private static Attestation chatSessionAttestation(VeniceClient client) {
        try (E2eeSession session = client.openSession(MODEL)) {
            return session.attestation();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "GATEWAY_WRONG_NONCE, aci.gateway.reportdata",
        "GATEWAY_OTHER_KEYSET, aci.gateway.keyset.match",
        "GATEWAY_TAMPERED_QUOTE, tdx.quote.signature",
        "GATEWAY_RESIGNED_QUOTE, tdx.qe.reportdata"})
    void eachForgeryOfTheGatewaysAnswerIsRefusedAndTheReceiptStaysUnverified(Fault fault, String failedCheck) {
        sim.faults().enable(fault);
        try (VeniceClient client = client(sim, VeniceClient.Builder::verifyGatewayAttestation)) {
            SignatureReport r = chatAndCheck(client);
            assertThat(r.check(GatewayAttestation.CHECK)).as(r.summary()).hasValueSatisfying(c -> {
                assertThat(c.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
                assertThat(c.reason()).startsWith("REFUSED: ").contains(failedCheck)
                        .contains("the keyset Venice relayed stays unattested");
            });
            assertThat(r.check(AciReceiptVerifier.VERDICT_CHECK).orElseThrow().reason())
                    .startsWith("SIGNED_BY_UNATTESTED_KEY:");
            assertThat(r.check("receipt.attested").orElseThrow().verdict()).isNotEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(r.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            assertThat(r.signedByEnclave()).isFalse();
        }
    }

    @Test
    void anUnreachableGatewayIsAFailedCheckNamingIt() throws IOException {
        URI closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        URI gateway = closed;
        try (VeniceClient client = client(sim, b -> b.verifyGatewayAttestation(gateway)
                .retryPolicy(RetryPolicy.none()))) {
            SignatureReport r = chatAndCheck(client);
            assertThat(r.check(GatewayAttestation.CHECK)).as(r.summary()).hasValueSatisfying(c -> {
                assertThat(c.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
                assertThat(c.reason()).startsWith("FETCH_FAILED: could not get the gateway's attestation from "
                        + gateway).contains("--verify-gateway=URL");
            });
            assertThat(r.check(AciReceiptVerifier.VERDICT_CHECK).orElseThrow().reason())
                    .startsWith("SIGNED_BY_UNATTESTED_KEY:");
            assertThat(r.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
            GatewayAttestation g = client.attestGateway(chatSessionAttestation(client));
            assertThat(g.status()).isEqualTo(GatewayAttestation.Status.FETCH_FAILED);
            assertThat(g.cause()).isInstanceOf(TransportException.class);
            assertThat(g.keyset()).isEmpty();
        }
    }

    @Test
    void aHostThatIsNoGatewayIsAFailedCheckWithItsStatusAskedAgainForTheNextReceiptAndNeverGivenTheKey() {
        int from = sim.received().size();
        // Venice's API itself serves no gateway attestation, and asks for a key the gateway request does not carry
        try (VeniceClient client = client(sim, b -> b.verifyGatewayAttestation(sim.baseUrl())
                .retryPolicy(RetryPolicy.none()))) {
            for (int i = 0; i < 2; i++) {
                SignatureReport r = chatAndCheck(client);
                assertThat(verdictOf(r, GatewayAttestation.CHECK)).startsWith("FAILED: FETCH_FAILED:")
                        .contains("HTTP 401 from " + sim.baseUrl() + GATEWAY_PATH).doesNotContain("API key");
                assertThat(r.check(AciReceiptVerifier.VERDICT_CHECK).orElseThrow().verdict())
                        .isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
            }
        }
        List<ReceivedRequest> asked = sim.received().subList(from, sim.received().size()).stream()
                .filter(r -> r.path().equals("/api/v1" + GATEWAY_PATH)).toList();
        // a failed fetch is not kept: each receipt of the same attestation asks again
        assertThat(asked).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
    }

    @Test
    void withTheOptionOffNothingIsAskedAndTheReceiptStaysUnattested() {
        int from = sim.received().size();
        try (VeniceClient client = client(sim, b -> { })) {
            SignatureReport r = chatAndCheck(client);
            assertThat(r.check(GatewayAttestation.CHECK)).isEmpty();
            assertThat(r.check(AciReceiptVerifier.VERDICT_CHECK)).hasValueSatisfying(c -> {
                assertThat(c.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
                assertThat(c.reason()).startsWith("SIGNED_BY_UNATTESTED_KEY:");
            });
            assertThat(client.gatewayUrl()).isEmpty();
            assertThatThrownBy(() -> client.attestGateway(chatSessionAttestation(client)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("verifyGatewayAttestation");
        }
        assertThat(gatewayRequests(sim, from)).isEmpty();
        assertThat(sim.received().subList(from, sim.received().size())).filteredOn(q -> q.path().equals(
                "/api/v1/tee/signature")).isNotEmpty();
    }

    @Test
    void aModelWithoutAnAciEnvelopeAsksNoGateway() {
        int from = sim.received().size();
        try (VeniceClient client = client(sim, VeniceClient.Builder::verifyGatewayAttestation);
             E2eeSession session = client.openSession("e2ee-glm-5")) {
            GatewayAttestation g = client.attestGateway(session.attestation());
            assertThat(g.status()).isEqualTo(GatewayAttestation.Status.NOT_APPLICABLE);
            assertThat(g.check().verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
            ChatCompletion done = session.chat(ChatRequest.ofUser("near style")).readAll();
            assertThat(session.verifySignature(done).check(GatewayAttestation.CHECK)).isEmpty();
        }
        assertThat(gatewayRequests(sim, from)).isEmpty();
    }

    @Test
    void aPlainHttpGatewayOffThisMachineIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client(sim, b -> b.verifyGatewayAttestation(URI.create("http://gateway.example"))))
                .isInstanceOf(PrivacyException.InsecureBaseUrl.class).hasMessageContaining("gateway.example");
        assertThat(VeniceClient.defaultGateway(VeniceClient.DEFAULT_BASE_URL))
                .isEqualTo(VeniceClient.DEFAULT_GATEWAY_URL);
        assertThat(VeniceClient.defaultGateway(URI.create("http://127.0.0.1:4242/api/v1")))
                .isEqualTo(URI.create("http://127.0.0.1:4242"));
    }
}
