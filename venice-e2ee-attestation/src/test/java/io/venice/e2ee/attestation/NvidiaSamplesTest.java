package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.nvidia.GpuEvidence;
import io.venice.e2ee.attestation.nvidia.NvidiaChains;
import io.venice.e2ee.attestation.nvidia.NvidiaPayload;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.testing.pki.NvidiaPki;
import io.venice.e2ee.testing.pki.Pems;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NVIDIA's published H100 evidence through the GPU checks. */
class NvidiaSamplesTest {
    private static final Instant AT = Instant.parse("2024-06-01T00:00:00Z");
    /** The requester nonce NVIDIA's local verifier sample was made with. */
    private static final String HOPPER_NONCE = "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";
    /** The requester nonce of the 8×H100 sample. */
    private static final String PPCIE_NONCE = "4760e30534a0621357d458b1a7936551b5dc4cd1e69718adf7ed9fb0252a537e";

    private static String hopperPayload() {
        String pem = new String(TestVectors.bytes("nvidia/hopperCertChain.pem"), StandardCharsets.US_ASCII);
        byte[] evidence = Hex.decode(new String(TestVectors.bytes("nvidia/hopperAttestationReport.hex.txt"),
                StandardCharsets.US_ASCII).strip());
        ObjectNode p = Checks.JSON.createObjectNode().put("arch", "HOPPER").put("nonce", HOPPER_NONCE);
        p.putArray("evidence_list").addObject().put("arch", "HOPPER")
                .put("certificate", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
                .put("evidence", Base64.getEncoder().encodeToString(evidence));
        return p.toString();
    }

    private static String ppciePayload() {
        ObjectNode p = Checks.JSON.createObjectNode().put("arch", "HOPPER").put("nonce", PPCIE_NONCE);
        p.set("evidence_list", (ArrayNode) TestVectors.json("nvidia/ppcie_gpu_evidence_8xH100.json"));
        return p.toString();
    }

    private static VerificationReport verify(String payload, String nonce) {
        ObjectNode root = Checks.JSON.createObjectNode().put("nvidia_payload", payload);
        return AttestationVerification.verify(AttestationReport.parse(root.toString()), VerificationPolicy.defaults(),
                VerificationContext.builder().at(AT).expectedNonce(Hex.decode(nonce)).build());
    }

    @Test
    void theHopperSampleVerifies() throws Exception {
        GpuEvidence g = NvidiaPayload.parse(hopperPayload()).gpus().get(0);
        assertThat(Hex.encode(g.requestNonce())).isEqualTo(HOPPER_NONCE);
        assertThat(g.chain()).hasSize(5);
        assertThat(EcKeys.verifyP384(g.chain().get(0).getPublicKey(), g.signedBytes(), g.signature())).isTrue();
        assertThat(ChainValidator.validate(g.chain(), NvidiaChains.DEVICE, List.of(PinnedRoots.nvidiaDeviceIdentityCa()),
                AT).anchor()).isEqualTo(PinnedRoots.nvidiaDeviceIdentityCa());
        VerificationReport vr = verify(hopperPayload(), HOPPER_NONCE);
        for (String id : List.of("nvidia.nonce", "nvidia.cert.chain", "nvidia.evidence.signature")) {
            assertThat(vr.check(id).orElseThrow().status()).as(vr.check(id).toString())
                    .isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void theEightGpuSampleVerifies() {
        VerificationReport vr = verify(ppciePayload(), PPCIE_NONCE);
        for (String id : List.of("nvidia.nonce", "nvidia.cert.chain", "nvidia.evidence.signature")) {
            assertThat(vr.check(id).orElseThrow().status()).as(vr.check(id).toString())
                    .isEqualTo(Outcome.PASS);
        }
        assertThat(vr.measurements()).containsEntry("gpu_count", "8");
    }

    @Test
    void anotherNonceFailsOnlyTheNonceCheck() {
        VerificationReport vr = verify(hopperPayload(), "00".repeat(32));
        assertThat(vr.check("nvidia.nonce").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aChainToAnotherRootFails() throws Exception {
        String pem = Pems.chain(NvidiaPki.builder().build().chain());
        GpuEvidence real = NvidiaPayload.parse(hopperPayload()).gpus().get(0);
        ObjectNode p = Checks.JSON.createObjectNode().put("nonce", HOPPER_NONCE);
        p.putArray("evidence_list").addObject()
                .put("certificate", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
                .put("evidence", Base64.getEncoder().encodeToString(real.evidence()));
        VerificationReport vr = verify(p.toString(), HOPPER_NONCE);
        assertThat(vr.check("nvidia.cert.chain").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().reason())
                .isEqualTo("depends on nvidia.cert.chain which failed");
    }

    @Test
    void malformedPayloadsAreNamed() {
        assertThatThrownBy(() -> NvidiaPayload.parse("{\"evidence_list\":[{\"certificate\":\"!!\",\"evidence\":\"\"}]}"))
                .isInstanceOf(AttestationException.MalformedGpuEvidence.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo("evidence_list[0].certificate"));
        assertThatThrownBy(() -> NvidiaPayload.parse("{}"))
                .isInstanceOf(AttestationException.MalformedGpuEvidence.class);
        VerificationReport vr = verify("{\"nonce\":1}", HOPPER_NONCE);
        assertThat(vr.check("nvidia.nonce").orElseThrow().reason()).contains("evidence_list");
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }
}
