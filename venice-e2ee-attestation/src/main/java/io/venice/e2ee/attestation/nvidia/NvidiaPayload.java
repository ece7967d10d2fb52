package io.venice.e2ee.attestation.nvidia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedGpuEvidence;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.pki.Pem;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code nvidia_payload} of an attestation: {@code {"arch","nonce","evidence_list":[{"arch","certificate",
 * "evidence"}]}}, with each certificate a base64 PEM chain and each evidence base64 SPDM bytes. Immutable.
 */
public final class NvidiaPayload {
    private final String arch;
    private final String nonce;
    private final List<GpuEvidence> gpus;

    private NvidiaPayload(String arch, String nonce, List<GpuEvidence> gpus) {
        this.arch = arch;
        this.nonce = nonce;
        this.gpus = List.copyOf(gpus);
    }

    /**
     * Parses the payload JSON text.
     *
     * @throws MalformedGpuEvidence naming the field at fault
     */
    public static NvidiaPayload parse(String json) {
        return parse(json, Pem.DEFAULT_MAX_CERTIFICATES);
    }

    /**
     * Parses the payload JSON text, each GPU's chain holding at most {@code maxChainCertificates} certificates.
     *
     * @throws MalformedGpuEvidence naming the field at fault (a chain over the limit included)
     */
    public static NvidiaPayload parse(String json, int maxChainCertificates) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new MalformedGpuEvidence("nvidia_payload", Json.problem(e));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedGpuEvidence("nvidia_payload", "must be a JSON object");
        }
        JsonNode list = root.path("evidence_list");
        if (!list.isArray() || list.isEmpty()) {
            throw new MalformedGpuEvidence("evidence_list", "missing or empty");
        }
        return new NvidiaPayload(root.path("arch").asText(null), root.path("nonce").asText(null), parseList(list, maxChainCertificates));
    }

    /** Parses a bare evidence list (an array of {@code {"arch","certificate","evidence"}}). */
    public static List<GpuEvidence> parseList(JsonNode list) {
        return parseList(list, Pem.DEFAULT_MAX_CERTIFICATES);
    }

    /**
     * Parses a bare evidence list, each GPU's chain holding at most {@code maxChainCertificates} certificates.
     *
     * @throws MalformedGpuEvidence naming the field at fault
     */
    public static List<GpuEvidence> parseList(JsonNode list, int maxChainCertificates) {
        List<GpuEvidence> gpus = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode g = list.get(i);
            String at = "evidence_list[" + i + "]";
            byte[] pem = base64(g, "certificate", at);
            byte[] ev = base64(g, "evidence", at);
            try {
                gpus.add(new GpuEvidence(g.path("arch").asText(""),
                        Pem.certificates(new String(pem, StandardCharsets.US_ASCII), maxChainCertificates), ev));
            } catch (CertificateException e) {
                throw new MalformedGpuEvidence(at + ".certificate", e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new MalformedGpuEvidence(at + ".evidence", e.getMessage());
            }
        }
        return gpus;
    }

    private static byte[] base64(JsonNode g, String field, String at) {
        JsonNode v = g.path(field);
        if (!v.isTextual()) {
            throw new MalformedGpuEvidence(at + "." + field, "missing or not a string");
        }
        try {
            return Base64.getMimeDecoder().decode(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new MalformedGpuEvidence(at + "." + field, "is not base64");
        }
    }

    /** The architecture named by the payload, or null. */
    public String arch() {
        return arch;
    }

    /** The payload's nonce (hex) as served, or null. */
    public String nonce() {
        return nonce;
    }

    /** Each GPU's evidence, in order (GPU-0 first). */
    public List<GpuEvidence> gpus() {
        return gpus;
    }
}
