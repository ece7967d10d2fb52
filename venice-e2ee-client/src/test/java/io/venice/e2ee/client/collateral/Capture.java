package io.venice.e2ee.client.collateral;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** The recorded Venice attestation of 2026-04-24 with the real Intel PCS and NVIDIA NRAS answers of that moment. */
public final class Capture {
    /** When the evidence was verified in the capture: NRAS's tokens are valid until 02:58:33Z. */
    public static final Instant TIME = Instant.parse("2026-04-24T01:58:41Z");
    /** Intel's TCB info is current until then. */
    public static final Instant TCB_INFO_NEXT_UPDATE = Instant.parse("2026-05-24T01:35:26Z");
    /** NRAS's tokens expire then. */
    public static final Instant NRAS_EXP = Instant.ofEpochSecond(1776999513);

    private Capture() {
    }

    /** The attestation JSON as served. */
    public static byte[] attestationJson() {
        return TestVectors.bytes(ReplayServer.CAPTURE + "0001_api.venice.ai_api_v1_tee_attestation.body");
    }

    /** The attestation parsed. */
    public static AttestationReport report() {
        return AttestationReport.parse(new String(attestationJson(), StandardCharsets.UTF_8));
    }

    /** The nonce it was requested with. */
    public static byte[] nonce() {
        return Hex.decode(TestVectors.json(ReplayServer.CAPTURE + "manifest.json").path("nonce_hex").asText());
    }

    /** Intel's root, which every Intel answer of the capture chains to. */
    public static List<X509Certificate> intelAnchors() {
        return List.of(PinnedRoots.intelSgxRootCa());
    }
}
