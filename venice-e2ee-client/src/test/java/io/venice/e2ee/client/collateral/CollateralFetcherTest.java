package io.venice.e2ee.client.collateral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.cache.TestClock;
import io.venice.e2ee.client.progress.ProgressListener;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the recorded Venice attestation needs is read from it, fetched over loopback from Intel's and NVIDIA's real
 * answers, and passes verification at level full at the capture time; what cannot be fetched fails naming it.
 */
class CollateralFetcherTest {
    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private final ReplayServer server = new ReplayServer();
    private final TestClock clock = new TestClock(Capture.TIME);
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        transport.close();
        server.close();
    }

    private CachingSource source() {
        return new CachingSource(CollateralSource.routing(
                PcsSource.builder(transport).baseUrl(server.baseUrl()).clock(clock).build(),
                NrasSource.builder(transport).baseUrl(server.baseUrl()).clock(clock).build()),
                new AnswerGate(Capture.intelAnchors(), Duration.ofHours(1)), clock, Duration.ofSeconds(30),
                Runnable::run, null);
    }

    private CollateralFetcher fetcher(CollateralSource source) {
        return new CollateralFetcher(source, clock, new ProgressListener() {
            @Override
            public void started(String step) {
                progress.add("start " + step);
            }

            @Override
            public void finished(String step, Duration took, String outcome) {
                progress.add("end " + step + ": " + outcome);
            }
        });
    }

    @Test
    void theEvidenceNamesWhatToFetch() {
        List<CollateralRequest> plan = CollateralFetcher.plan(Capture.report(), Capture.nonce());
        assertThat(plan).hasSize(6);
        assertThat(plan.get(0)).isEqualTo(new CollateralRequest.TcbInfo("90c06f000000"));
        assertThat(plan.get(2)).isEqualTo(new CollateralRequest.PckCrl("platform"));
        CollateralRequest.NrasAttestation nras = (CollateralRequest.NrasAttestation) plan.get(4);
        assertThat(nras.nonce()).isEqualTo(Hex.encode(Capture.nonce()));
        assertThat(new String(nras.payload(), StandardCharsets.UTF_8))
                .isEqualTo(Capture.report().nvidiaPayload().toOptional().orElseThrow());
    }

    @Test
    void gpuEvidenceOfAnotherNonceIsNeverSentToNvidia() {
        byte[] other = Capture.nonce();
        other[0] ^= 1;
        assertThat(CollateralFetcher.plan(Capture.report(), other)).hasSize(4)
                .noneMatch(r -> r instanceof CollateralRequest.NrasAttestation);
        assertThat(CollateralFetcher.plan(AttestationReport.parse("{\"signing_key\":\"04\"}"), other)).isEmpty();
    }

    @Test
    void intelsAndNvidiasRealAnswersFetchedThroughTheSourcesPassLevelFull() throws Exception {
        LiveInputs inputs = fetcher(source()).fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS);
        assertThat(inputs.answers()).extracting(FetchedAnswer::piece)
                .containsExactly("tcb_info", "qe_identity", "pck_crl", "root_ca_crl", "nras", "jwks");
        VerificationReport vr = AttestationVerification.verify(Capture.report(),
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(),
                VerificationContext.builder().expectedNonce(Capture.nonce()).at(Capture.TIME)
                        .collateral(inputs.collateral()).nras(inputs.nras()).jwks(inputs.jwks()).build());
        assertThat(vr.failures()).as(vr.summary()).isEmpty();
        for (String id : List.of("tdx.collateral.signatures", "tdx.tcb.status", "nvidia.nras.jwt")) {
            assertThat(vr.check(id).orElseThrow().status()).as(id).isEqualTo(Outcome.PASS);
        }
        // what the attestation relied on expires with NRAS's tokens, an hour after NVIDIA answered
        assertThat(inputs.validUntil()).isEqualTo(Capture.NRAS_EXP);
        assertThat(progress).contains("start fetching the Intel TCB info for FMSPC 90c06f000000 from "
                + server.baseUrl() + "/tdx/certification/v4/tcb?fmspc=90c06f000000");
        assertThat(progress).anyMatch(p -> p.startsWith("end fetching the NVIDIA remote attestation") && p.endsWith(": fetched"));
    }

    @Test
    void aSecondAttestationFetchesOnlyTheNvidiaAnswerForItsNonce() throws Exception {
        CollateralFetcher f = fetcher(source());
        f.fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS);
        LiveInputs again = f.fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS);
        assertThat(server.received()).extracting(ReplayServer.Received::path).filteredOn(p -> !p.equals("/v3/attest/gpu"))
                .hasSize(5);
        assertThat(server.count("/v3/attest/gpu")).isEqualTo(2);
        assertThat(again.answers()).filteredOn(a -> !a.piece().equals("nras"))
                .allMatch(a -> a.origin() == FetchedAnswer.Origin.MEMORY);
    }

    @Test
    void aKeptKeySetThatLacksTheTokensKeyIsFetchedAgainOnce() throws Exception {
        ReplayServer.Answer real = ReplayServer.captured(ReplayServer.CAPTURED.get("/.well-known/jwks.json"));
        String kid = io.venice.e2ee.attestation.nvidia.NrasAnswer.parse(new String(ReplayServer.captured(
                ReplayServer.CAPTURED.get("/v3/attest/gpu")).body(), StandardCharsets.UTF_8)).overall().header()
                .path("kid").asText();
        ObjectMapper json = new ObjectMapper();
        ObjectNode set = (ObjectNode) json.readTree(real.body());
        ArrayNode keys = json.createArrayNode();
        set.path("keys").forEach(k -> {
            if (!k.path("kid").asText().equals(kid)) {
                keys.add(k);
            }
        });
        set.set("keys", keys);
        server.answer("/.well-known/jwks.json", new ReplayServer.Answer(200, real.headers(), json.writeValueAsBytes(set)));
        CollateralFetcher f = fetcher(source());
        LiveInputs first = f.fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS);
        assertThat(first.jwks().key(kid)).isEmpty();
        server.answer("/.well-known/jwks.json", real);
        LiveInputs second = f.fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS);
        assertThat(second.jwks().key(kid)).isPresent();
        assertThat(second.answer("jwks").orElseThrow().origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);
        assertThat(server.count("/.well-known/jwks.json")).isEqualTo(2);
    }

    @Test
    void aPieceThatCannotBeFetchedFailsTheWholeFetchNamingIt() {
        server.answer("/tdx/certification/v4/tcb", new ReplayServer.Answer(404, Map.of(), new byte[0]));
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> fetcher(source())
                .fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS));
        CollateralException.FetchFailed f = (CollateralException.FetchFailed) e.getCause();
        assertThat(f.piece()).isEqualTo("tcb_info");
        assertThat(f.getMessage()).contains("Intel TCB info for FMSPC 90c06f000000")
                .contains(server.baseUrl() + "/tdx/certification/v4/tcb?fmspc=90c06f000000").contains("HTTP 404")
                .contains("--policy dcap");
        assertThat(progress).anyMatch(p -> p.startsWith("end fetching the Intel TCB info") && p.endsWith(": failed"));
    }

    @Test
    void anAnswerThatIsNotThePieceAskedForIsMalformedNamingItsUrl() {
        server.answer("/v3/attest/gpu", new ReplayServer.Answer(200, Map.of("Content-Type", "text/html"),
                "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8)));
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> fetcher(source())
                .fetch(Capture.report(), Capture.nonce()).get(30, TimeUnit.SECONDS));
        CollateralException.Malformed m = (CollateralException.Malformed) e.getCause();
        assertThat(m.piece()).isEqualTo("nras");
        assertThat(m.getMessage()).contains(server.baseUrl() + "/v3/attest/gpu").contains("cannot be read");
    }
}
