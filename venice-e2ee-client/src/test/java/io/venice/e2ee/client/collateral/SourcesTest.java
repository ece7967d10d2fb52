package io.venice.e2ee.client.collateral;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Intel PCS and NVIDIA NRAS sources over real loopback HTTP, answering with the real answers Intel and NVIDIA gave
 * for the recorded Venice attestation: Intel's paths and parameters, NRAS below a base path, nothing secret sent,
 * and every failure naming the piece and the URL.
 */
class SourcesTest {
    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private final ReplayServer server = new ReplayServer();

    @AfterEach
    void close() {
        transport.close();
        server.close();
    }

    private PcsSource pcs() {
        return PcsSource.builder(transport).baseUrl(server.baseUrl()).build();
    }

    private static FetchedAnswer get(CollateralSource s, CollateralRequest r) throws Exception {
        return s.fetch(r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void intelsPathsAndParametersAreTheOnesPcsV4Documents() {
        PcsSource intel = PcsSource.builder(transport)
                .baseUrl(URI.create("https://api.trustedservices.intel.com/sgx/certification/v4/")).build();
        assertThat(intel.locate(new CollateralRequest.TcbInfo("90C06F000000"))).hasToString(
                "https://api.trustedservices.intel.com/tdx/certification/v4/tcb?fmspc=90c06f000000");
        assertThat(intel.locate(new CollateralRequest.QeIdentity())).hasToString(
                "https://api.trustedservices.intel.com/tdx/certification/v4/qe/identity");
        assertThat(intel.locate(new CollateralRequest.PckCrl("Platform"))).hasToString(
                "https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
        assertThat(intel.locate(new CollateralRequest.RootCaCrl())).isEqualTo(PcsSource.INTEL_ROOT_CA_CRL);
        PcsSource pccs = PcsSource.builder(transport).baseUrl(URI.create("https://pccs.example:8081/tdx/certification/v4"))
                .build();
        assertThat(pccs.baseUrl()).hasToString("https://pccs.example:8081");
        assertThat(pccs.locate(new CollateralRequest.RootCaCrl())).hasToString(
                "https://pccs.example:8081/sgx/certification/v4/rootcacrl");
        NrasSource nras = NrasSource.builder(transport).baseUrl(URI.create("http://127.0.0.1:9/nras/")).build();
        assertThat(nras.locate(new CollateralRequest.NrasKeySet())).hasToString(
                "http://127.0.0.1:9/nras/.well-known/jwks.json");
        assertThat(nras.locate(new CollateralRequest.NrasAttestation("00", new byte[0]))).hasToString(
                "http://127.0.0.1:9/nras/v3/attest/gpu");
    }

    @Test
    void intelsAnswersArriveAsSentAndReadAsTheCapturedCollateral() throws Exception {
        PcsSource pcs = pcs();
        List<FetchedAnswer> answers = List.of(get(pcs, new CollateralRequest.TcbInfo("90c06f000000")),
                get(pcs, new CollateralRequest.QeIdentity()), get(pcs, new CollateralRequest.PckCrl("platform")),
                get(pcs, new CollateralRequest.RootCaCrl()));
        assertThat(server.received()).extracting(ReplayServer.Received::query).containsExactly("fmspc=90c06f000000",
                null, "ca=platform&encoding=der", null);
        assertThat(server.received()).noneMatch(r -> r.hasHeader("Authorization"));
        FetchedAnswer tcb = answers.get(0);
        assertThat(tcb.body()).isEqualTo(TestVectors.bytes(ReplayServer.CAPTURE
                + ReplayServer.CAPTURED.get("/tdx/certification/v4/tcb") + ".body"));
        assertThat(tcb.header("tcb-info-issuer-chain")).isPresent();
        assertThat(tcb.origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);

        Collateral fetched = LiveInputs.assemble(answers).collateral();
        Collateral recorded = Collateral.parse(TestVectors.json(ReplayServer.CAPTURE + "collateral.json").toString());
        assertThat(fetched.tcbInfo()).isEqualTo(recorded.tcbInfo());
        assertThat(fetched.tcbInfoSignature()).isEqualTo(recorded.tcbInfoSignature());
        assertThat(fetched.qeIdentity()).isEqualTo(recorded.qeIdentity());
        assertThat(Pem.certificates(fetched.pckCrlIssuerChain())).isEqualTo(Pem.certificates(recorded.pckCrlIssuerChain()));
        assertThat(fetched.pckCrl()).isEqualTo(recorded.pckCrl());
        // the PCCS form (hex text) and Intel's distribution point (DER) give the same root CA CRL
        assertThat(fetched.rootCaCrl()).isEqualTo(recorded.rootCaCrl());
        PcsSource cdp = PcsSource.builder(transport).baseUrl(server.baseUrl())
                .rootCaCrlUrl(server.baseUrl().resolve("/IntelSGXRootCA.der")).build();
        FetchedAnswer der = get(cdp, new CollateralRequest.RootCaCrl());
        assertThat(Pem.crl(WireForms.crlBytes(der.body()))).isEqualTo(recorded.rootCaCrl());
        assertThat(der.body()[0]).isEqualTo((byte) 0x30);
    }

    @Test
    void nrasGetsTheGpuEvidenceVerbatimBelowItsBasePath() throws Exception {
        server.answer("/nras/v3/attest/gpu", ReplayServer.captured(ReplayServer.CAPTURED.get("/v3/attest/gpu")));
        NrasSource nras = NrasSource.builder(transport).baseUrl(server.baseUrl().resolve("/nras")).build();
        AttestationReport report = Capture.report();
        byte[] payload = report.nvidiaPayload().toOptional().orElseThrow().getBytes(StandardCharsets.UTF_8);
        FetchedAnswer a = get(nras, new CollateralRequest.NrasAttestation("ac82", payload));
        ReplayServer.Received sent = server.received().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/nras/v3/attest/gpu");
        assertThat(sent.body()).isEqualTo(payload);
        assertThat(sent.hasHeader("Authorization")).isFalse();
        assertThat(a.body()).isEqualTo(ReplayServer.captured(ReplayServer.CAPTURED.get("/v3/attest/gpu")).body());
        assertThat(a.method()).isEqualTo("POST");
    }

    @Test
    void anErrorStatusIsAFailureNamingThePieceTheUrlAndTheLowerLevel() {
        server.answer("/tdx/certification/v4/qe/identity", new ReplayServer.Answer(503, Map.of("Content-Type",
                "text/plain"), "Service Unavailable".getBytes(StandardCharsets.UTF_8)));
        CompletionException e = catchThrowableOfType(CompletionException.class,
                () -> pcs().fetch(new CollateralRequest.QeIdentity()).join());
        CollateralException.FetchFailed f = (CollateralException.FetchFailed) e.getCause();
        assertThat(f.piece()).isEqualTo("qe_identity");
        assertThat(f.status()).isEqualTo(503);
        assertThat(f.url()).isEqualTo(server.baseUrl().resolve("/tdx/certification/v4/qe/identity"));
        assertThat(f.getMessage()).contains("Intel TD QE identity").contains(f.url().toString()).contains("HTTP 503")
                .contains("Service Unavailable").contains("--policy dcap");
    }

    @Test
    void anAnswerLargerThanTheSourcesBodyLimitIsAFailureNamingTheLimitAndOneOfExactlyItsSizeIsRead() throws Exception {
        int size = TestVectors.bytes(ReplayServer.CAPTURE + ReplayServer.CAPTURED.get("/tdx/certification/v4/tcb")
                + ".body").length;
        PcsSource exact = PcsSource.builder(transport).baseUrl(server.baseUrl()).maxBodyBytes(size).build();
        assertThat(get(exact, new CollateralRequest.TcbInfo("90c06f000000")).body()).hasSize(size);

        PcsSource smaller = PcsSource.builder(transport).baseUrl(server.baseUrl()).maxBodyBytes(size - 1).build();
        CompletionException e = catchThrowableOfType(CompletionException.class,
                () -> smaller.fetch(new CollateralRequest.TcbInfo("90c06f000000")).join());
        CollateralException.FetchFailed f = (CollateralException.FetchFailed) e.getCause();
        assertThat(f.getCause()).isInstanceOf(io.venice.e2ee.transport.TransportException.BodyTooLarge.class);
        assertThat(f.getMessage()).contains("Intel TCB info").contains("limit of " + (size - 1) + " bytes");
    }

    @Test
    void aServiceThatDoesNotAnswerIsAFailureWithNoStatus() {
        URI dead = server.baseUrl();
        server.close();
        CompletionException e = catchThrowableOfType(CompletionException.class, () -> NrasSource.builder(transport)
                .baseUrl(dead).build().fetch(new CollateralRequest.NrasKeySet()).join());
        CollateralException.FetchFailed f = (CollateralException.FetchFailed) e.getCause();
        assertThat(f.status()).isZero();
        assertThat(f.piece()).isEqualTo("jwks");
        assertThat(f.getMessage()).contains("NVIDIA remote attestation key set").contains(dead.toString());
    }

    @Test
    void aSourceRefusesPiecesOfTheOtherService() {
        assertThat(pcs().fetch(new CollateralRequest.NrasKeySet())).isCompletedExceptionally();
        CollateralSource both = CollateralSource.routing(pcs(), NrasSource.builder(transport)
                .baseUrl(server.baseUrl()).build());
        assertThat(both.locate(new CollateralRequest.NrasKeySet())).hasToString(server.baseUrl() + "/.well-known/jwks.json");
        assertThat(both.locate(new CollateralRequest.QeIdentity())).hasToString(server.baseUrl()
                + "/tdx/certification/v4/qe/identity");
    }
}
