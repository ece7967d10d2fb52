package io.venice.e2ee.simulator;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Our attestation verifier accepts the simulator's evidence at policy dcap only with the exported test roots. */
class VerifierAcceptanceTest {
    static final String MODEL = "e2ee-qwen3-5-122b-a10b";
    static VeniceSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().build();
        http = new SimHttp(sim.start());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static VerificationPolicy withTestRoots() {
        VerificationPolicy.Builder b = VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP);
        sim.trustAnchors().forEach(b::extraTrustAnchor);
        return b.build();
    }

    static VerificationReport verify(byte[] nonce, VerificationPolicy policy, String... headers) {
        HttpResponse<byte[]> r = http.get("/tee/attestation?model=" + MODEL + "&nonce=" + Hex.encode(nonce), headers);
        assertThat(r.statusCode()).isEqualTo(200);
        AttestationReport report = AttestationReport.parse(new String(r.body(), StandardCharsets.UTF_8));
        return AttestationVerification.verify(report, policy,
                VerificationContext.builder().expectedNonce(nonce).at(Instant.now()).build());
    }

    @Test
    void passesAtDcapWithTheExportedTestRoots() {
        VerificationReport vr = verify(SimHttp.nonce(), withTestRoots());
        assertThat(vr.failures()).as(vr.summary()).isEmpty();
        assertThat(vr.passed()).isTrue();
        for (String id : new String[] {"server.verified", "nonce.echo", "key.present", "key.address", "tdx.quote.parse",
            "tdx.debug", "tdx.reportdata.address", "tdx.reportdata.nonce", "tdx.pck.chain", "tdx.qe.signature",
            "tdx.qe.identity", "tdx.td.policy", "tdx.qe.reportdata", "tdx.quote.signature", "tdx.eventlog.rtmr", "tdx.compose.hash", "nvidia.nonce", "nvidia.evidence.signature", "nvidia.cert.chain"}) {
            assertThat(vr.check(id)).as(id).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Outcome.PASS));
        }
        assertThat(vr.measurements().get("mrtd")).isEqualTo(sim.tdx.mrtdHex());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(AciGeneration.class)
    void aGatewayModelsAciEnvelopePassesOnItsLegacyRootFields(AciGeneration generation) {
        try (VeniceSimulator gateway = VeniceSimulator.builder().aciGeneration(generation).build()) {
            SimHttp h = new SimHttp(gateway.start());
            byte[] nonce = SimHttp.nonce();
            HttpResponse<byte[]> r = h.get("/tee/attestation?model=e2ee-glm-5-2-p&nonce=" + Hex.encode(nonce));
            VerificationPolicy.Builder b = VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP);
            gateway.trustAnchors().forEach(b::extraTrustAnchor);
            VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(new String(r.body(),
                    StandardCharsets.UTF_8)), b.build(), VerificationContext.builder().expectedNonce(nonce)
                    .at(Instant.now()).build());
            assertThat(vr.failures()).as(vr.summary()).isEmpty();
            assertThat(vr.passed()).isTrue();
        }
    }

    @Test
    void failsWithoutTheTestRoots() {
        VerificationReport vr = verify(SimHttp.nonce(), VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP).build());
        assertThat(vr.passed()).isFalse();
        assertThat(vr.check("tdx.pck.chain")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Outcome.FAIL));
        assertThat(verify(SimHttp.nonce(), VerificationPolicy.defaults()).passed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "debug-quote, tdx.debug",
        "wrong-nonce, nonce.echo",
        "wrong-nonce, tdx.reportdata.nonce",
        "reportdata-other-key, tdx.reportdata.address",
        "address-mismatch, key.address",
        "tampered-quote, tdx.quote.signature",
        "nvidia-wrong-nonce, nvidia.nonce",
        "unverified, server.verified",
        "sha256-nonce-binding, tdx.reportdata.nonce",
    })
    void eachAttestationFaultFailsItsCheck(String fault, String check) {
        VerificationReport vr = verify(SimHttp.nonce(), withTestRoots(), Fault.HEADER, fault);
        assertThat(vr.passed()).as(vr.summary()).isFalse();
        assertThat(vr.check(check)).as(vr.summary())
                .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Outcome.FAIL));
    }
}
