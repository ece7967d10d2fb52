package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static io.venice.e2ee.simulator.ChatEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttestationEndpointTest {
    static final String MODEL = "e2ee-glm-5";
    static VeniceSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().gpus(2).build();
        http = new SimHttp(sim.start());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void evidenceIsCompleteAndVerifiesEndToEndAgainstTheTestRoots() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = http.attest(MODEL, nonce);
        String nonceHex = Hex.encode(nonce);
        assertThat(a.get("verified").asBoolean()).isTrue();
        assertThat(a.get("nonce").asText()).isEqualTo(nonceHex);
        assertThat(a.get("request_nonce").asText()).isEqualTo(nonceHex);
        assertThat(a.get("nonce_source").asText()).isEqualTo("client");
        assertThat(a.get("model").asText()).isEqualTo(MODEL);
        assertThat(a.get("signing_algo").asText()).isEqualTo("ecdsa");
        assertThat(a.get("tee_hardware").asText()).isEqualTo("intel-tdx");
        String key = a.get("signing_key").asText();
        assertThat(key).hasSize(130).startsWith("04").isEqualTo(a.get("signing_public_key").asText())
                .isEqualTo(sim.modelPublicKey(MODEL));
        EthAddress address = EthAddress.ofPublicKey(Hex.decode(key));
        assertThat(address.matches(a.get("signing_address").asText())).isTrue();
        assertThat(a.get("nvidia_payload").isTextual()).isTrue();

        String quoteHex = a.get("intel_quote").asText();
        assertThat(quoteHex).startsWith("04000200810000");
        EvidenceChecks.Quote q = EvidenceChecks.parseQuote(Hex.decode(quoteHex));
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.keyType()).isEqualTo(2);
        assertThat(q.teeType()).isEqualTo(0x81);
        assertThat(Hex.encode(q.vendorId())).isEqualTo("939a7233f79c4ca9940a0db3957f0607");
        assertThat(q.certType()).isEqualTo(6);
        assertThat(q.chainType()).isEqualTo(5);
        assertThat(q.qeAuthData()).hasSize(32);
        assertThat(q.debug()).isFalse();
        byte[] expectedReportData = new byte[64];
        System.arraycopy(address.bytes(), 0, expectedReportData, 0, 20);
        System.arraycopy(nonce, 0, expectedReportData, 32, 32);
        assertThat(q.reportData()).isEqualTo(expectedReportData);
        assertThat(EvidenceChecks.signaturesValid(q)).isTrue();
        assertThat(q.pckChain()).hasSize(3);
        assertThat(q.pckChain().get(2)).isEqualTo(sim.tdxTestRoot());
        EvidenceChecks.validateChain(q.pckChain(), Set.of(sim.tdxTestRoot()), new Date());
        io.venice.e2ee.attestation.dcap.SgxExtensions sgx = io.venice.e2ee.attestation.dcap.SgxExtensions.of(q.pckChain().get(0));
        assertThat(Hex.encode(sgx.fmspc())).isEqualTo("90c06f000000");
        assertThat(sgx.pceSvn()).isEqualTo(13);
        assertThat(sgx.sgxComponents()).hasSize(16);

        JsonNode tcb = a.at("/info/tcb_info");
        byte[][] replayed = EvidenceChecks.replay(a.get("event_log"));
        for (int i = 0; i < 4; i++) {
            assertThat(Hex.encode(replayed[i])).isEqualTo(tcb.get("rtmr" + i).asText()).isEqualTo(Hex.encode(q.rtmr()[i]));
        }
        assertThat(tcb.get("event_log")).isEqualTo(a.get("event_log"));
        assertThat(tcb.get("mrtd").asText()).isEqualTo(Hex.encode(q.mrtd()));
        byte[] composeHash = MessageDigest.getInstance("SHA-256").digest(tcb.get("app_compose").asText().getBytes("UTF-8"));
        assertThat(tcb.get("compose_hash").asText()).isEqualTo(Hex.encode(composeHash));
        assertThat(q.mrconfigid()[0]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(q.mrconfigid(), 1, 33)).isEqualTo(composeHash);
        boolean composeEvent = false;
        for (JsonNode e : a.get("event_log")) {
            if (e.get("event").asText().equals("compose-hash")) {
                composeEvent = e.get("event_payload").asText().equals(Hex.encode(composeHash)) && e.get("imr").asInt() == 3;
            }
        }
        assertThat(composeEvent).as("RTMR3 records the compose hash").isTrue();
        String osImage = a.at("/info/os_image_hash").asText();
        assertThat(osImage).hasSize(64).isEqualTo(tcb.get("os_image_hash").asText())
                .isEqualTo(SimHttp.parse(a.at("/info/vm_config").asText()).get("os_image_hash").asText());
        assertThat(a.get("event_log").findValues("event_payload").stream().map(JsonNode::asText)).contains(osImage);

        JsonNode payload = SimHttp.parse(a.get("nvidia_payload").asText());
        assertThat(payload.get("arch").asText()).isEqualTo("HOPPER");
        assertThat(payload.get("nonce").asText()).isEqualTo(nonceHex);
        List<EvidenceChecks.Gpu> gpus = EvidenceChecks.gpus(payload);
        assertThat(gpus).hasSize(2);
        for (EvidenceChecks.Gpu g : gpus) {
            assertThat(g.requestNonce()).isEqualTo(nonce);
            assertThat(g.signatureValid()).isTrue();
            assertThat(g.chain().get(g.chain().size() - 1)).isEqualTo(sim.nvidiaTestRoot());
            EvidenceChecks.validateChain(g.chain(), Set.of(sim.nvidiaTestRoot()), new Date());
        }
        JsonNode sv = a.get("server_verification");
        assertThat(sv.at("/tdx/reportData").asText()).isEqualTo(Hex.encode(expectedReportData));
        assertThat(sv.at("/signingAddressBinding/bound").asBoolean()).isTrue();
    }

    @Test
    void theChainsFailWithoutTheTestRoots() throws Exception {
        JsonNode a = http.attest(MODEL, SimHttp.nonce());
        EvidenceChecks.Quote q = EvidenceChecks.parseQuote(Hex.decode(a.get("intel_quote").asText()));
        X509Certificate intelRoot;
        try (InputStream in = Files.newInputStream(TestVectors.file("tdx/Intel_SGX_Root_CA.pem"))) {
            intelRoot = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThatThrownBy(() -> EvidenceChecks.validateChain(q.pckChain(), Set.of(intelRoot), new Date()))
                .isInstanceOf(CertPathValidatorException.class);
        X509Certificate nvidiaRoot;
        try (InputStream in = Files.newInputStream(TestVectors.file("nvidia/NVIDIA_Device_Identity_CA.pem"))) {
            nvidiaRoot = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<X509Certificate> gpuChain = EvidenceChecks.gpus(SimHttp.parse(a.get("nvidia_payload").asText())).get(0).chain();
        assertThatThrownBy(() -> EvidenceChecks.validateChain(gpuChain, Set.of(nvidiaRoot), new Date()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void exportsTheTestRootsAsPem(@TempDir Path dir) throws Exception {
        List<Path> files = sim.exportTrustAnchors(dir);
        assertThat(files).containsExactly(dir.resolve("tdx-test-root.pem"), dir.resolve("nvidia-test-root.pem"),
                dir.resolve("nras-test-root.pem"));
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream tdx = Files.newInputStream(files.get(0)); InputStream nv = Files.newInputStream(files.get(1));
             InputStream nras = Files.newInputStream(files.get(2))) {
            assertThat(cf.generateCertificate(tdx)).isEqualTo(sim.tdxTestRoot());
            assertThat(cf.generateCertificate(nv)).isEqualTo(sim.nvidiaTestRoot());
            assertThat(cf.generateCertificate(nras)).isEqualTo(sim.nrasTestRoot());
        }
        assertThat(sim.trustAnchors()).containsExactly(sim.tdxTestRoot(), sim.nvidiaTestRoot(), sim.nrasTestRoot());
        assertThat(Files.readString(files.get(0))).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void documentedErrors() {
        assertError(http.get("/tee/attestation?model=" + MODEL + "&nonce=" + "ab".repeat(16)), 400, "Nonce must be exactly 32 bytes");
        assertError(http.get("/tee/attestation?model=" + MODEL + "&nonce=" + "ab".repeat(33)), 400, "Nonce must be exactly 32 bytes");
        assertError(http.get("/tee/attestation?model=" + MODEL + "&nonce=" + "zz".repeat(32)), 400, "Nonce must be exactly 32 bytes");
        assertError(http.get("/tee/attestation?model=nope&nonce=" + "ab".repeat(32)), 404, "Specified model not found: nope");
        assertError(http.get("/tee/attestation?nonce=" + "ab".repeat(32)), 400, "model is required");
        assertError(http.get("/tee/attestation?model=venice-uncensored&nonce=" + "ab".repeat(32)),
                400, "Model venice-uncensored does not support TEE attestation");
    }

    @Test
    void withoutANonceTheServerChoosesOne() {
        JsonNode a = SimHttp.json(http.get("/tee/attestation?model=tee-glm-5"));
        assertThat(a.get("nonce_source").asText()).isEqualTo("server");
        assertThat(a.get("nonce").asText()).hasSize(64);
    }

    @Test
    void keysRotateOnRequest() {
        String before = sim.modelPublicKey("tee-glm-5");
        String after = sim.rotateKey("tee-glm-5");
        assertThat(after).isNotEqualTo(before).isEqualTo(sim.modelPublicKey("tee-glm-5"));
        assertThat(http.attest("tee-glm-5", SimHttp.nonce()).get("signing_key").asText()).isEqualTo(after);
        assertThatThrownBy(() -> sim.rotateKey("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
