package io.venice.e2ee.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.NvidiaPki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * NVIDIA's remote attestation service for the simulated GPUs: checks each GPU's evidence (signed by the simulator's
 * device key, requested with the payload's nonce) and answers as NRAS v3 does, {@code [["JWT", overall], {"GPU-0":
 * jwt, ...}]}, every token ES384-signed by a signing key whose certificate chains to the simulator's NRAS test root,
 * valid for an hour; and serves that key as a JWKS. Under {@link Fault#NRAS_ATTESTATION_FAILED} every GPU fails its
 * measurements (a signed negative answer).
 */
final class SimulatedNras {
    /** The simulator's NRAS signing PKI: NVIDIA's shape (a service CA, a GPU intermediate, the signing key). */
    static final NvidiaPki.Names NAMES = new NvidiaPki.Names(
            "CN=Venice E2EE Simulator NRAS Test CA 001,O=venice-e2ee simulator (not NVIDIA)",
            "CN=Venice E2EE Simulator NRAS GPU Intermediate Test CA,O=venice-e2ee simulator (not NVIDIA)",
            "CN=Venice E2EE Simulator NRAS GPU Signing Test Key,O=venice-e2ee simulator (not NVIDIA)");
    static final String ISSUER = "https://nras.simulator.venice-e2ee.invalid";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    private final NvidiaPki signing;
    private final NvidiaPki devices;
    private final ObjectMapper json;
    private final String kid;

    SimulatedNras(NvidiaPki signing, NvidiaPki devices, ObjectMapper json) {
        this.signing = signing;
        this.devices = devices;
        this.json = json;
        this.kid = "nv-eat-kid-sim-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + UUID.randomUUID();
    }

    /** The root the signing key chains to: what a client trusts to accept these answers. */
    X509Certificate root() {
        return signing.root().certificate();
    }

    /** The JWKS document: the signing key with its {@code x5c} chain (signing certificate, intermediate). */
    String jwks() {
        ObjectNode root = json.createObjectNode();
        ObjectNode key = root.putArray("keys").addObject();
        byte[] xy = Curve.P384.rawPublicKey(signing.device().certificate().getPublicKey());
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        key.put("kty", "EC");
        key.put("crv", "P-384");
        key.put("kid", kid);
        ArrayNode x5c = key.putArray("x5c");
        x5c.add(der(signing.device().certificate()));
        x5c.add(der(signing.intermediate().certificate()));
        key.put("x", url.encodeToString(Arrays.copyOfRange(xy, 0, 48)));
        key.put("y", url.encodeToString(Arrays.copyOfRange(xy, 48, 96)));
        return root.toString();
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
        Instant iat = Instant.now();
        Map<String, String> gpus = new LinkedHashMap<>();
        ObjectNode submods = json.createObjectNode();
        boolean all = true;
        for (int i = 0; i < list.size(); i++) {
            boolean ok = !failAll && evidenceHolds(list.get(i), Hex.decode(nonce));
            all &= ok;
            String token = sign(gpuClaims(nonce, iat, ok));
            String name = "GPU-" + i;
            gpus.put(name, token);
            ArrayNode digest = submods.putArray(name);
            digest.add("DIGEST");
            digest.addArray().add("SHA-256").add(Hex.encode(TdxPlatform.sha256(token.getBytes(StandardCharsets.US_ASCII))));
        }
        ObjectNode overall = json.createObjectNode();
        overall.put("sub", "NVIDIA-PLATFORM-ATTESTATION");
        overall.put("x-nvidia-ver", "2.0");
        overall.put("nbf", iat.getEpochSecond());
        overall.put("iss", ISSUER);
        overall.put("x-nvidia-overall-att-result", all);
        overall.set("submods", submods);
        overall.put("eat_nonce", nonce);
        overall.put("exp", iat.plus(TOKEN_LIFETIME).getEpochSecond());
        overall.put("iat", iat.getEpochSecond());
        overall.put("jti", UUID.randomUUID().toString());
        ArrayNode answer = json.createArrayNode();
        answer.addArray().add("JWT").add(sign(overall));
        ObjectNode perGpu = answer.addObject();
        gpus.forEach(perGpu::put);
        return answer.toString();
    }

    private ObjectNode gpuClaims(String nonce, Instant iat, boolean ok) {
        ObjectNode c = json.createObjectNode();
        c.put("iss", ISSUER);
        c.put("eat_nonce", nonce);
        c.put("nbf", iat.getEpochSecond());
        c.put("iat", iat.getEpochSecond());
        c.put("exp", iat.plus(TOKEN_LIFETIME).getEpochSecond());
        c.put("jti", UUID.randomUUID().toString());
        c.put("hwmodel", "GH100");
        c.put("oemid", "5703");
        c.put("secboot", true);
        c.put("x-nvidia-gpu-arch-check", true);
        c.put("x-nvidia-gpu-attestation-report-signature-verified", ok);
        c.put("x-nvidia-gpu-attestation-report-nonce-match", ok);
        c.put("x-nvidia-gpu-attestation-report-cert-chain-validated", ok);
        c.put("measres", ok ? "success" : "fail");
        c.put("dbgstat", "disabled");
        return c;
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

    /** A compact JWS: ES384 over {@code header.claims}, the signature raw r ‖ s. */
    private String sign(ObjectNode claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = json.createObjectNode();
        header.put("kid", kid);
        header.put("alg", "ES384");
        try {
            String input = url.encodeToString(json.writeValueAsBytes(header)) + "."
                    + url.encodeToString(json.writeValueAsBytes(claims));
            byte[] sig = Curve.P384.signRaw(signing.device().keys().getPrivate(),
                    input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + url.encodeToString(sig);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token", e);
        }
    }

    private static String der(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode " + cert.getSubjectX500Principal(), e);
        }
    }
}
