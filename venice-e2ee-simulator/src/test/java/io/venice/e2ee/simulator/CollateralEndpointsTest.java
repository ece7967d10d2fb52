package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's Intel PCS compatible {@code /pcs} and NVIDIA NRAS compatible {@code /nras}, over loopback with the
 * JDK client: Intel's paths, headers and encodings, answers signed by the exported test roots (checked with JDK
 * crypto and by our verifier at level full), every collateral fault, and the request log.
 */
class CollateralEndpointsTest {
    static final String MODEL = "e2ee-qwen3-5-122b-a10b";
    static VeniceSimulator sim;
    static SimHttp api;
    static SimHttp root;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().build();
        URI base = sim.start();
        api = new SimHttp(base);
        root = new SimHttp(base.resolve("/"), null);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clearFaults() {
        sim.faults().clear();
    }

    private static String path(String p) {
        return p.substring(1);
    }

    private static HttpResponse<byte[]> get(String p, String... headers) {
        return root.get(path(p), headers);
    }

    @Test
    void baseUrlsOfTheServicesSitBesideTheApi() {
        assertThat(sim.pcsBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + sim.port() + "/pcs"));
        assertThat(sim.nrasBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + sim.port() + "/nras"));
    }

    @Test
    void tcbInfoIsServedAsIntelServesItSignedByTheTcbSigningCertificate() throws Exception {
        HttpResponse<byte[]> r = get("/pcs/tdx/certification/v4/tcb?fmspc=90C06F000000");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Request-ID")).isPresent();
        String header = r.headers().firstValue("TCB-Info-Issuer-Chain").orElseThrow();
        // Intel's form: every byte outside RFC 3986's unreserved set escaped, so no literal space, newline or '+'
        assertThat(header).startsWith("-----BEGIN%20CERTIFICATE-----%0A").matches("[A-Za-z0-9._~%-]+");
        List<X509Certificate> chain = certificates(URLDecoder.decode(header, StandardCharsets.UTF_8));
        assertThat(chain.get(0).getSubjectX500Principal().getName()).contains("TCB Signing");
        assertThat(chain.get(1)).isEqualTo(sim.tdxTestRoot());

        String body = new String(r.body(), StandardCharsets.UTF_8);
        String inner = body.substring("{\"tcbInfo\":".length(), body.indexOf(",\"signature\":\""));
        String sig = SimHttp.parse(body).path("signature").asText();
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(chain.get(0).getPublicKey());
        v.update(inner.getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Hex.decode(sig))).isTrue();
        JsonNode info = SimHttp.parse(inner);
        assertThat(info.path("id").asText()).isEqualTo("TDX");
        assertThat(info.path("fmspc").asText()).isEqualTo("90c06f000000");
        assertThat(Instant.parse(info.path("nextUpdate").asText())).isAfter(Instant.now());
    }

    @Test
    void unknownOrMalformedPlatformsAndRepeatedParametersAreRefused() {
        assertThat(get("/pcs/tdx/certification/v4/tcb?fmspc=00606a000000").statusCode()).isEqualTo(404);
        assertThat(get("/pcs/tdx/certification/v4/tcb?fmspc=90c06f").statusCode()).isEqualTo(400);
        assertThat(get("/pcs/tdx/certification/v4/tcb").statusCode()).isEqualTo(400);
        assertThat(get("/pcs/tdx/certification/v4/tcb?fmspc=90c06f000000&fmspc=90c06f000000").statusCode())
                .isEqualTo(400);
        assertThat(get("/pcs/sgx/certification/v4/pckcrl?ca=other&encoding=der").statusCode()).isEqualTo(400);
        assertThat(get("/pcs/sgx/certification/v4/pckcrl?ca=processor&encoding=der").statusCode()).isEqualTo(404);
    }

    @Test
    void pckCrlComesAsDerPemOrPccsHexDependingOnEncoding() throws Exception {
        HttpResponse<byte[]> der = get("/pcs/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
        HttpResponse<byte[]> pem = get("/pcs/sgx/certification/v4/pckcrl?ca=platform&encoding=pem");
        HttpResponse<byte[]> hex = get("/pcs/sgx/certification/v4/pckcrl?ca=platform");
        assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        assertThat(der.body()[0]).isEqualTo((byte) 0x30);
        assertThat(new String(pem.body(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN X509 CRL-----");
        String hexText = new String(hex.body(), StandardCharsets.US_ASCII);
        assertThat(Hex.isHex(hexText)).isTrue();
        List<X509Certificate> issuer = certificates(URLDecoder.decode(
                der.headers().firstValue("SGX-PCK-CRL-Issuer-Chain").orElseThrow(), StandardCharsets.UTF_8));
        for (byte[] body : List.of(der.body(), pem.body(), Hex.decode(hexText))) {
            X509CRL crl = crl(body);
            assertThat(crl.getIssuerX500Principal()).isEqualTo(issuer.get(0).getSubjectX500Principal());
            crl.verify(issuer.get(0).getPublicKey());
            assertThat(crl.getRevokedCertificates()).isNull();
        }
        X509CRL rootCrl = crl(Hex.decode(new String(get("/pcs/sgx/certification/v4/rootcacrl").body(),
                StandardCharsets.US_ASCII)));
        rootCrl.verify(sim.tdxTestRoot().getPublicKey());
    }

    @Test
    void theRevokedPckFaultListsThePckCertificateOfTheQuotes() throws Exception {
        sim.faults().enable(Fault.REVOKED_PCK);
        X509CRL crl = crl(get("/pcs/sgx/certification/v4/pckcrl?ca=platform&encoding=der").body());
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        assertThat(crl.isRevoked(sim.pcs.pck())).isTrue();
        VerificationReport vr = verifyFull(SimHttp.nonce());
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().reason()).contains("revoked");
    }

    @Test
    void theVerifierPassesTheSimulatorsEvidenceAtLevelFullWithItsCollateralAndNrasAnswer() {
        VerificationReport vr = verifyFull(SimHttp.nonce());
        assertThat(vr.failures()).as(vr.summary()).isEmpty();
        for (String id : List.of("tdx.collateral.signatures", "tdx.tcb.status", "nvidia.nras.jwt")) {
            assertThat(vr.check(id).orElseThrow().status()).as(id).isEqualTo(Outcome.PASS);
        }
        assertThat(vr.measurements()).containsEntry("tcb_status", "UpToDate");
    }

    @Test
    void anOutOfDateTcbAndExpiredCollateralFailTheirChecks() {
        sim.faults().enable(Fault.OUT_OF_DATE_TCB);
        VerificationReport outOfDate = verifyFull(SimHttp.nonce());
        assertThat(outOfDate.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(outOfDate.check("tdx.tcb.status").orElseThrow().reason()).contains("OutOfDate");
        assertThat(outOfDate.check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.PASS);

        sim.faults().clear().enable(Fault.EXPIRED_COLLATERAL);
        VerificationReport expired = verifyFull(SimHttp.nonce());
        assertThat(expired.check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(expired.check("tdx.collateral.signatures").orElseThrow().reason()).contains("expired");
    }

    @Test
    void theTcbStatusIsConfigurable() {
        try (VeniceSimulator hardening = VeniceSimulator.builder().tcbStatus(TcbStatus.SW_HARDENING_NEEDED).build()) {
            URI base = hardening.start();
            VerificationReport vr = verifyFull(hardening, new SimHttp(base), new SimHttp(base.resolve("/"), null),
                    SimHttp.nonce());
            assertThat(vr.failures()).as(vr.summary()).isEmpty();
            assertThat(vr.measurements()).containsEntry("tcb_status", "SWHardeningNeeded");
        }
    }

    @Test
    void nrasAnswersForTheNonceAndItsKeySetChainsToTheExportedNrasRoot() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = api.attest(MODEL, nonce);
        HttpResponse<byte[]> r = root.post("nras/v3/attest/gpu",
                a.path("nvidia_payload").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        NrasAnswer answer = NrasAnswer.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(answer.overall().claims().path("eat_nonce").asText()).isEqualTo(Hex.encode(nonce));
        assertThat(answer.overall().claims().path("x-nvidia-overall-att-result").asBoolean()).isTrue();
        assertThat(answer.gpus()).containsOnlyKeys("GPU-0");

        JsonNode jwks = SimHttp.json(get("/nras/.well-known/jwks.json"));
        JsonNode key = jwks.path("keys").get(0);
        assertThat(key.path("kid").asText()).isEqualTo(answer.overall().header().path("kid").asText());
        List<X509Certificate> x5c = new ArrayList<>();
        for (JsonNode c : key.path("x5c")) {
            x5c.add((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(c.asText()))));
        }
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(sim.nrasTestRoot(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(x5c),
                params);
        assertThat(Jwks.parse(jwks.toString()).key(key.path("kid").asText())).isPresent();
    }

    @Test
    void nrasRefusesEvidenceOfAnotherNonceAndItsFaultsFailOrAnswerUnavailable() {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = api.attest(MODEL, nonce);
        String payload = a.path("nvidia_payload").asText();
        String forged = payload.replace(Hex.encode(nonce), Hex.encode(SimHttp.nonce()));
        NrasAnswer other = NrasAnswer.parse(new String(root.post("nras/v3/attest/gpu",
                forged.getBytes(StandardCharsets.UTF_8)).body(), StandardCharsets.UTF_8));
        assertThat(other.overall().claims().path("x-nvidia-overall-att-result").asBoolean()).isFalse();
        assertThat(other.gpus().get("GPU-0").claims().path("measres").asText()).isEqualTo("fail");

        sim.faults().enable(Fault.NRAS_ATTESTATION_FAILED);
        VerificationReport failed = verifyFull(SimHttp.nonce());
        assertThat(failed.check("nvidia.nras.jwt").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(failed.check("nvidia.nras.jwt").orElseThrow().reason()).contains("overall attestation result");

        sim.faults().clear().enable(Fault.NRAS_UNAVAILABLE, Fault.PCS_UNAVAILABLE);
        assertThat(root.post("nras/v3/attest/gpu", payload.getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(503);
        assertThat(get("/pcs/tdx/certification/v4/qe/identity").statusCode()).isEqualTo(503);
        assertThat(root.post("nras/v3/attest/gpu", "not json".getBytes(StandardCharsets.UTF_8),
                Fault.HEADER, "server-error").statusCode()).isEqualTo(500);
    }

    @Test
    void theRequestLogListsEveryRequestInOrderInProcessAndOverHttp() {
        sim.requests().clear();
        get("/pcs/tdx/certification/v4/qe/identity");
        get("/nras/.well-known/jwks.json");
        api.get("/models");
        List<RequestLog.Entry> entries = sim.requests().entries();
        assertThat(entries).extracting(RequestLog.Entry::path).containsExactly(
                "/pcs/tdx/certification/v4/qe/identity", "/nras/.well-known/jwks.json", "/api/v1/models");
        assertThat(sim.requests().count("/pcs/")).isEqualTo(1);
        JsonNode log = SimHttp.json(get("/_sim/requests"));
        assertThat(log).hasSize(3);
        assertThat(log.get(0).path("method").asText()).isEqualTo("GET");
        assertThat(log.get(2).path("path").asText()).isEqualTo("/api/v1/models");
        assertThat(SimHttp.send(root.request("_sim/requests").DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(sim.requests().entries()).isEmpty();
    }

    private static VerificationReport verifyFull(byte[] nonce) {
        return verifyFull(sim, api, root, nonce);
    }

    /** Attestation, collateral and NRAS answer fetched from {@code s} as a client would, verified at level full. */
    static VerificationReport verifyFull(VeniceSimulator s, SimHttp apiHttp, SimHttp rootHttp, byte[] nonce) {
        JsonNode a = apiHttp.attest(MODEL, nonce);
        HttpResponse<byte[]> tcb = rootHttp.get("pcs/tdx/certification/v4/tcb?fmspc=90c06f000000");
        HttpResponse<byte[]> qe = rootHttp.get("pcs/tdx/certification/v4/qe/identity");
        HttpResponse<byte[]> pck = rootHttp.get("pcs/sgx/certification/v4/pckcrl?ca=platform&encoding=der");
        HttpResponse<byte[]> rootCrl = rootHttp.get("pcs/sgx/certification/v4/rootcacrl");
        Collateral c = Collateral.fromIntelPcs()
                .tcbInfo(new String(tcb.body(), StandardCharsets.UTF_8),
                        tcb.headers().firstValue("TCB-Info-Issuer-Chain").orElseThrow())
                .qeIdentity(new String(qe.body(), StandardCharsets.UTF_8),
                        qe.headers().firstValue("SGX-Enclave-Identity-Issuer-Chain").orElseThrow())
                .pckCrl(pck.body(), pck.headers().firstValue("SGX-PCK-CRL-Issuer-Chain").orElseThrow())
                .rootCaCrl(Hex.decode(new String(rootCrl.body(), StandardCharsets.US_ASCII)))
                .build();
        String nras = new String(rootHttp.post("nras/v3/attest/gpu", a.path("nvidia_payload").asText()
                .getBytes(StandardCharsets.UTF_8)).body(), StandardCharsets.UTF_8);
        String jwks = new String(rootHttp.get("nras/.well-known/jwks.json").body(), StandardCharsets.UTF_8);
        VerificationPolicy.Builder p = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL);
        s.trustAnchors().forEach(p::extraTrustAnchor);
        return AttestationVerification.verify(AttestationReport.parse(a.toString()), p.build(),
                VerificationContext.builder().expectedNonce(nonce).at(Instant.now()).collateral(c)
                        .nras(NrasAnswer.parse(nras)).jwks(Jwks.parse(jwks)).build());
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static X509CRL crl(byte[] body) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
    }
}
