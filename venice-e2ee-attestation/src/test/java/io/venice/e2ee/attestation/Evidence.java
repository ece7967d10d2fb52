package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The shared real evidence, loaded for attestation tests. */
public final class Evidence {
    /** Folder of the recorded Venice attestation. */
    public static final String CAPTURE = "venice/capture-2026-04-24/";
    /** When the Venice capture was recorded. */
    public static final Instant CAPTURE_TIME = Instant.parse("2026-04-24T01:58:41Z");

    private Evidence() {
    }

    /** Text of a shared file. */
    public static String text(String relative) {
        return new String(TestVectors.bytes(relative), StandardCharsets.UTF_8);
    }

    /** The Venice attestation JSON. */
    public static String captureJson() {
        return text(CAPTURE + "0001_api.venice.ai_api_v1_tee_attestation.body");
    }

    /** The capture's Intel TDX quote. */
    public static byte[] captureQuote() {
        return AttestationReport.parse(captureJson()).intelQuote().toOptional().orElseThrow();
    }

    /** The capture quote's MRCONFIGID (a copy). */
    public static byte[] captureMrConfigId() {
        return io.venice.e2ee.attestation.tdx.TdxQuote.parse(captureQuote()).body().mrConfigId();
    }

    /** The nonce the capture was requested with (from its manifest). */
    public static byte[] captureNonce() {
        return Hex.decode(TestVectors.json(CAPTURE + "manifest.json").path("nonce_hex").asText());
    }

    /** The Intel collateral recorded with the capture. */
    public static Collateral captureCollateral() {
        return Collateral.parse(text(CAPTURE + "collateral.json"));
    }

    /** The NRAS answer recorded with the capture. */
    public static NrasAnswer captureNras() {
        return NrasAnswer.parse(text(CAPTURE + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body"));
    }

    /** The NRAS key set recorded with the capture. */
    public static Jwks captureJwks() {
        return Jwks.parse(text(CAPTURE + "0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"));
    }

    /** The capture's GPU evidence entries, in order. */
    public static java.util.List<io.venice.e2ee.attestation.nvidia.GpuEvidence> captureGpus() {
        return io.venice.e2ee.attestation.nvidia.NvidiaPayload.parse(AttestationReport.parse(captureJson())
                .nvidiaPayload().toOptional().orElseThrow()).gpus();
    }

    /** The serial numbers of the capture's GPU device certificates, in evidence order. */
    public static java.util.List<java.math.BigInteger> captureGpuSerials() {
        return captureGpus().stream().map(g -> g.chain().get(0).getSerialNumber()).toList();
    }

    /** A context for the capture at FULL with every input. */
    public static VerificationContext.Builder captureContext() {
        return VerificationContext.builder().expectedNonce(captureNonce()).at(CAPTURE_TIME)
                .collateral(captureCollateral()).nras(captureNras()).jwks(captureJwks());
    }
}
