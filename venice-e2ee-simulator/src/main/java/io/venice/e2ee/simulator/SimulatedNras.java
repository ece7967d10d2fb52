package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.NrasPki;
import io.venice.e2ee.testing.pki.NvidiaPki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * NVIDIA's remote attestation service for the simulated GPUs: checks each GPU's evidence (signed by the simulator's
 * device key, requested with the payload's nonce) and answers as NRAS v3 does, {@code [["JWT", overall], {"GPU-0":
 * jwt, ...}]}, every token ES384-signed by the testing module's NRAS-shaped PKI ({@link NrasPki}: a signing key
 * issued by an intermediate, which is what a client pins), valid for an hour, each GPU token naming its device
 * certificate's serial; and serves that key as a JWKS. The tokens name NVIDIA's issuer, as the test PKI's
 * certificates carry Intel's and NVIDIA's names: what makes them trusted is only that a client names the exported
 * test intermediate. Under {@link Fault#NRAS_ATTESTATION_FAILED} every GPU fails its measurements (a signed negative
 * answer).
 */
final class SimulatedNras {
    /** The issuer NVIDIA's service names, which a verifier requires. */
    static final String ISSUER = NrasTrust.NVIDIA_ISSUER;

    private final NrasPki signing;
    private final NvidiaPki devices;
    private final ObjectMapper json;

    SimulatedNras(Instant from, Instant to, NvidiaPki devices, ObjectMapper json) {
        this.signing = NrasPki.create(from, to, "nv-eat-kid-sim-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
                .withZone(ZoneOffset.UTC).format(Instant.now()) + "-" + UUID.randomUUID());
        this.devices = devices;
        this.json = json;
    }

    /** The certificate the signing key chains to: what a client pins to accept these answers. */
    X509Certificate root() {
        return signing.intermediate().certificate();
    }

    /** The JWKS document: the signing key with its {@code x5c} chain (signing certificate, intermediate). */
    String jwks() {
        return signing.jwks();
    }

    /**
     * Answers a {@code POST /v3/attest/gpu} body.
     *
     * @throws IllegalArgumentException with NRAS-style wording when the body is not an attestation request
     */
    String attest(byte[] body, boolean failAll) {
        JsonNode req;
        try {
            req = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not JSON");
        }
        String nonce = req == null ? "" : req.path("nonce").asText("");
        if (nonce.length() != 64 || !Hex.isHex(nonce)) {
            throw new IllegalArgumentException("nonce must be 64 hex digits");
        }
        JsonNode list = req.path("evidence_list");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("evidence_list must be a non-empty array");
        }
        List<BigInteger> serials = new ArrayList<>();
        boolean[] ok = new boolean[list.size()];
        boolean all = true;
        for (int i = 0; i < list.size(); i++) {
            ok[i] = !failAll && evidenceHolds(list.get(i), Hex.decode(nonce));
            all &= ok[i];
            serials.add(leafSerial(list.get(i)));
        }
        boolean allHeld = all;
        return signing.answer(nonce, serials, Instant.now(), o -> o.put("iss", ISSUER)
                .put("x-nvidia-overall-att-result", allHeld), (i, c) -> c.put("iss", ISSUER).put("oemid", "5703")
                .put("x-nvidia-gpu-arch-check", true)
                .put("x-nvidia-gpu-attestation-report-signature-verified", ok[i])
                .put("x-nvidia-gpu-attestation-report-nonce-match", ok[i])
                .put("x-nvidia-gpu-attestation-report-cert-chain-validated", ok[i])
                .put("measres", ok[i] ? "success" : "fail"));
    }

    /** The serial of the entry's first certificate (its device's), or 0 when it has none NRAS could read. */
    private static BigInteger leafSerial(JsonNode entry) {
        try {
            byte[] chain = Base64.getDecoder().decode(entry.path("certificate").asText(""));
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(chain));
            return certs.isEmpty() ? BigInteger.ZERO : ((X509Certificate) certs.iterator().next()).getSerialNumber();
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return BigInteger.ZERO;
        }
    }

    /** The evidence is the simulated device's: its chain's leaf is ours, it is signed by it, and asks with the nonce. */
    private boolean evidenceHolds(JsonNode entry, byte[] nonce) {
        try {
            byte[] chain = Base64.getDecoder().decode(entry.path("certificate").asText(""));
            byte[] evidence = Base64.getDecoder().decode(entry.path("evidence").asText(""));
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(chain));
            if (certs.isEmpty() || !certs.iterator().next().equals(devices.device().certificate())
                    || evidence.length < 36 + 96 || !Arrays.equals(Arrays.copyOfRange(evidence, 4, 36), nonce)) {
                return false;
            }
            Signature s = Signature.getInstance(Curve.P384.signatureAlgorithm() + "inP1363Format");
            s.initVerify(devices.device().certificate().getPublicKey());
            s.update(evidence, 0, evidence.length - 96);
            return s.verify(evidence, evidence.length - 96, 96);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
