package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.NvidiaPki;
import io.venice.e2ee.testing.pki.Pems;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * NVIDIA Hopper-style GPU evidence: per GPU an SPDM 1.1 GET_MEASUREMENTS request (carrying the client nonce at bytes
 * 4..36) followed by the MEASUREMENTS response, whose last 96 bytes are an ECDSA P-384 r ‖ s signature (SHA-384) by
 * the device leaf key over everything before them, plus the device's certificate chain (leaf to root) as base64 PEM.
 */
final class NvidiaEvidence {
    private static final int MEASUREMENT_BLOCKS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NvidiaPki pki;
    private final String certificateBase64;
    private final ObjectMapper json;

    NvidiaEvidence(NvidiaPki pki, ObjectMapper json) {
        this.pki = pki;
        this.json = json;
        this.certificateBase64 = Base64.getEncoder().encodeToString(
                Pems.chain(pki.chain()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The {@code nvidia_payload} JSON text for {@code nonce} (32 bytes) with {@code gpus} evidence entries. */
    String payload(byte[] nonce, int gpus) {
        ObjectNode root = json.createObjectNode();
        root.put("arch", "HOPPER");
        ArrayNode list = root.putArray("evidence_list");
        for (int i = 0; i < gpus; i++) {
            ObjectNode e = list.addObject();
            e.put("arch", "HOPPER");
            e.put("certificate", certificateBase64);
            e.put("evidence", Base64.getEncoder().encodeToString(evidence(nonce)));
        }
        root.put("nonce", Hex.encode(nonce));
        try {
            return json.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the NVIDIA payload", e);
        }
    }

    /** SPDM request ‖ signed response for one GPU. */
    byte[] evidence(byte[] nonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // GET_MEASUREMENTS, SPDM 1.1, signature requested, all measurements, the requester's nonce, slot 0
        out.write(0x11);
        out.write(0xe0);
        out.write(0x01);
        out.write(0xff);
        out.writeBytes(nonce);
        out.write(0x00);

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        for (int index = 1; index <= MEASUREMENT_BLOCKS; index++) {
            byte[] value = TdxPlatform.sha384(("venice-e2ee simulator GPU measurement " + index)
                    .getBytes(StandardCharsets.US_ASCII));
            record.write(index);
            record.write(0x01); // DMTF measurement specification
            writeLe16(record, 3 + value.length);
            record.write(0x01); // immutable firmware, digest
            writeLe16(record, value.length);
            record.writeBytes(value);
        }
        byte[] records = record.toByteArray();
        out.write(0x11);
        out.write(0x60);
        out.write(0x00);
        out.write(0x00);
        out.write(MEASUREMENT_BLOCKS);
        out.write(records.length & 0xff);
        out.write((records.length >>> 8) & 0xff);
        out.write((records.length >>> 16) & 0xff);
        out.writeBytes(records);
        byte[] responderNonce = new byte[32];
        RANDOM.nextBytes(responderNonce);
        out.writeBytes(responderNonce);
        writeLe16(out, 0); // no opaque data
        byte[] signedPart = out.toByteArray();
        byte[] signature = Curve.P384.signRaw(pki.device().keys().getPrivate(), signedPart);
        out.writeBytes(signature);
        return out.toByteArray();
    }

    private static void writeLe16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }
}
