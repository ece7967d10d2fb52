package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;

/**
 * The simulated Phala gateway in front of the {@code -p} models: its workload keyset (an Ed25519 receipt key, the
 * legacy secp256k1 E2EE key, an X25519 key, TLS key hashes), the keyset digest and report-data statement, the
 * {@code aci/1} envelope Venice relays, and Ed25519 receipts, each in the earlier or the current form
 * ({@link AciGeneration}), as the gateway's specification and sources describe them.
 */
final class AciGateway {
    static final String RECEIPT_KEY_ID = "dstack-kms-receipt-ed25519-v1";
    static final String E2EE_KEY_ID = "dstack-kms-e2ee-v1";
    static final String X25519_KEY_ID = "dstack-kms-e2ee-x25519-v1";
    /** The host Venice reaches the gateway through. */
    static final String DOMAIN = "api.redpill.ai";
    static final String REPO_URL = "https://github.com/Dstack-TEE/private-ai-gateway.git";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;
    private final Canonicalizer canonical;
    private final KeyPair receiptKey;
    private final String receiptPublicHex;
    private final String x25519PublicHex;
    private final ModelKey identity;
    private final String[][] tlsKeys;
    private final long notAfter;
    private final String repoCommit;

    /**
     * @param identity the workload identity key of the earlier form (secp256k1)
     * @param validFrom the keyset is valid for two days from here (its {@code not_after})
     */
    AciGateway(ObjectMapper json, Canonicalizer canonical, ModelKey identity, Instant validFrom) {
        this.json = json;
        this.canonical = canonical;
        this.identity = identity;
        try {
            this.receiptKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            KeyPair x = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            this.x25519PublicHex = Hex.encode(rawPublicKey(x));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519 or X25519", e);
        }
        this.receiptPublicHex = Hex.encode(rawPublicKey(receiptKey));
        this.tlsKeys = new String[][] {{Hex.encode(random(32)), "tee.redpill.ai"},
            {Hex.encode(random(32)), "inference.phala.com"}, {Hex.encode(random(32)), DOMAIN}};
        this.notAfter = validFrom.plusSeconds(2 * 86_400L).getEpochSecond();
        this.repoCommit = Hex.encode(random(20));
    }

    /** The raw 32-byte public key of an Ed25519 or X25519 pair: the last 32 bytes of its X.509 encoding. */
    private static byte[] rawPublicKey(KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    /** The receipt signing key's public half, 64 hex digits. */
    String receiptPublicKeyHex() {
        return receiptPublicHex;
    }

    /** The workload keyset of {@code generation}, listing {@code e2eeKey} as the legacy and v2 secp256k1 key. */
    ObjectNode keyset(AciGeneration generation, ModelKey e2eeKey) {
        ObjectNode k = json.createObjectNode();
        if (generation == AciGeneration.EARLY) {
            ObjectNode id = k.putObject("workload_identity");
            id.putObject("public_key").put("algo", "ecdsa-secp256k1").put("public_key", identity.publicKeyHex());
            id.put("subject", "dstack-app://private-ai-gateway");
            k.putObject("keyset_epoch").put("version", 1).put("not_after", notAfter);
        } else {
            k.putNull("subject");
            k.put("not_after", notAfter);
        }
        k.putArray("receipt_signing_keys").addObject().put("key_id", RECEIPT_KEY_ID).put("algo", "ed25519")
                .put("public_key", receiptPublicHex);
        ArrayNode e2ee = k.putArray("e2ee_public_keys");
        e2ee.addObject().put("key_id", E2EE_KEY_ID).put("algo", "secp256k1-aes-256-gcm-hkdf-sha256")
                .put("public_key", e2eeKey.publicKeyHex());
        e2ee.addObject().put("key_id", X25519_KEY_ID).put("algo", "x25519-aes-256-gcm-hkdf-sha256")
                .put("public_key", x25519PublicHex);
        ArrayNode tls = k.putArray("tls_public_keys");
        for (String[] t : tlsKeys) {
            tls.addObject().put("spki_sha256", t[0]).put("domain", t[1]);
        }
        return k;
    }

    /** The keyset of {@code generation} with another receipt key in place of the gateway's (a keyset it never served). */
    ObjectNode otherKeyset(AciGeneration generation, ModelKey e2eeKey) {
        ObjectNode k = keyset(generation, e2eeKey);
        ((ObjectNode) k.get("receipt_signing_keys").get(0)).put("public_key", Hex.encode(random(32)));
        return k;
    }

    /** {@code "sha256:" + hex(sha256(JCS(keyset)))}. */
    String digest(ObjectNode keyset) {
        return "sha256:" + Hex.encode(TdxPlatform.sha256(canonical.canonicalize(keyset)));
    }

    /** The earlier form's workload id: {@code "sha256:" + hex(sha256(JCS(identity public key)))}. */
    String workloadId() {
        ObjectNode key = json.createObjectNode().put("algo", "ecdsa-secp256k1").put("public_key",
                identity.publicKeyHex());
        return "sha256:" + Hex.encode(TdxPlatform.sha256(canonical.canonicalize(key)));
    }

    /**
     * The report-data statement of the gateway's own {@code /v1/aci/attestation}, whose SHA-256 is REPORTDATA[0:32]:
     * current {@code {"keyset_digest","nonce","purpose"}}, earlier {@code {"nonce","purpose","workload_id",
     * "workload_keyset_digest"}}; {@code nonceHex} null gives JSON null (no freshness).
     */
    byte[] statement(AciGeneration generation, String digest, String nonceHex) {
        ObjectNode s = json.createObjectNode();
        if (generation == AciGeneration.EARLY) {
            s.put("workload_id", workloadId());
            s.put("workload_keyset_digest", digest);
        } else {
            s.put("keyset_digest", digest);
        }
        if (nonceHex == null) {
            s.putNull("nonce");
        } else {
            s.put("nonce", nonceHex);
        }
        s.put("purpose", "aci.report_data.v1");
        return canonical.canonicalize(s);
    }

    /**
     * The {@code aci/1} envelope: {@code attestation.report_data} is the quote's REPORTDATA as served (for Venice's
     * legacy path, address ‖ zeros ‖ nonce, which does not bind the keyset).
     *
     * @param reportData the quote's 64-byte REPORTDATA
     */
    ObjectNode envelope(AciGeneration generation, ModelKey e2eeKey, byte[] reportData, byte[] quote, String eventLog,
                        String vmConfig, String appCompose) {
        return envelope(generation, keyset(generation, e2eeKey), reportData, quote, eventLog, vmConfig, appCompose);
    }

    /** The {@code aci/1} envelope of {@code keyset} (see the other form). */
    ObjectNode envelope(AciGeneration generation, ObjectNode keyset, byte[] reportData, byte[] quote, String eventLog,
                        String vmConfig, String appCompose) {
        String digest = digest(keyset);
        ObjectNode o = json.createObjectNode();
        o.put("api_version", "aci/1");
        if (generation == AciGeneration.EARLY) {
            o.put("workload_id", workloadId());
        }
        o.put("workload_keyset_digest", digest);
        ObjectNode a = o.putObject("attestation");
        if (generation == AciGeneration.EARLY) {
            a.put("vendor", "private-ai-gateway-dev");
        }
        a.put("tee_type", "tdx");
        a.set("workload_keyset", keyset);
        a.put("report_data", Hex.encode(reportData));
        if (generation == AciGeneration.EARLY) {
            a.set("keyset_endorsement", endorsement(digest));
        }
        a.putObject("source_provenance").put("repo_url", REPO_URL).put("repo_commit", repoCommit)
                .putNull("image_digest").putNull("image_provenance");
        if (generation == AciGeneration.EARLY) {
            Instant now = Instant.now();
            a.putObject("freshness").put("fetched_at", now.getEpochSecond()).put("stale_after",
                    now.getEpochSecond() + 300);
        }
        ObjectNode e = a.putObject("evidence");
        e.put("quote", Hex.encode(quote));
        e.put("quote_report_data", Hex.encode(reportData));
        e.put("event_log", eventLog);
        e.put("vm_config", vmConfig);
        e.put("app_compose", appCompose);
        e.putObject("downstream_tls_binding").put("domain", DOMAIN).put("spki_sha256", tlsKeys[2][0]);
        ObjectNode caps = o.putObject("service_capabilities");
        caps.putArray("supported_e2ee_versions").add("2");
        if (generation == AciGeneration.CURRENT) {
            caps.put("serving", "aggregator");
        }
        return o;
    }

    /** The earlier form's endorsement: secp256k1 ECDSA r ‖ s over the digest statement, by the identity key. */
    private ObjectNode endorsement(String digest) {
        ObjectNode statement = json.createObjectNode().put("purpose", "aci.keyset.endorsement.v1")
                .put("workload_keyset_digest", digest);
        byte[] rsv = identity.signDigest(TdxPlatform.sha256(canonical.canonicalize(statement)));
        return json.createObjectNode().put("algo", "ecdsa-secp256k1").put("value", Hex.encode(rsv, 0, 64));
    }

    /**
     * A signed receipt for one completion.
     *
     * @param requestHash  SHA-256 (hex) of the request as the gateway processed it
     * @param responseHash SHA-256 (hex) of the response bytes as sent
     * @param clearHash    SHA-256 (hex) of the answer's clear text (the earlier form's {@code cleartext_hash})
     */
    ObjectNode receipt(AciGeneration generation, String chatId, String model, String upstreamModel, String digest,
                       String requestHash, String responseHash, String clearHash) {
        ObjectNode r = json.createObjectNode();
        r.put("api_version", "aci/1");
        r.put("receipt_id", "rcpt_" + Hex.encode(random(16)));
        r.put("chat_id", chatId);
        r.put("model", model);
        if (generation == AciGeneration.EARLY) {
            r.put("workload_id", workloadId());
        }
        r.put("workload_keyset_digest", digest);
        r.put("endpoint", "/v1/chat/completions");
        r.put("method", "POST");
        r.put("served_at", Instant.now().getEpochSecond());
        ArrayNode events = r.putArray("event_log");
        String upstream = "https://" + upstreamModel.replaceAll("[^a-z0-9]+", "-") + ".simulator.invalid";
        event(events, generation, "request.received").put("body_hash", "sha256:" + requestHash);
        event(events, generation, "route.selected").put("target_route_id", "simulator:" + upstreamModel);
        event(events, generation, "request.forwarded").put("body_hash", "sha256:" + requestHash);
        ObjectNode verified = event(events, generation, "upstream.verified");
        if (generation == AciGeneration.EARLY) {
            verified.put("upstream_name", "venice-e2ee-simulator").put("url_origin", upstream)
                    .put("verifier_id", "aci-service/v2").put("result", "verified").put("required", false)
                    .putNull("reason");
            verified.putArray("channel_bindings");
            verified.putObject("claims");
            verified.putNull("provider_claims").putNull("provider_type").put("model_id", upstreamModel)
                    .put("session_id", "as_" + sessionId(upstream, upstreamModel));
        } else {
            verified.put("result", "verified").put("required", false).put("model_id", upstreamModel)
                    .put("session_id", sessionId(upstream, upstreamModel));
        }
        event(events, generation, "response.received").put("body_hash", "sha256:" + responseHash);
        ObjectNode returned = event(events, generation, "response.returned");
        if (generation == AciGeneration.EARLY) {
            returned.put("wire_hash", "sha256:" + responseHash).put("cleartext_hash", "sha256:" + clearHash);
            ObjectNode sig = r.putObject("signature").put("algo", "ed25519").put("key_id", RECEIPT_KEY_ID);
            // signed: the whole receipt with only signature.value left out
            sig.put("value", Hex.encode(sign(canonical.canonicalize(r))));
        } else {
            returned.put("body_hash", "sha256:" + responseHash);
            r.put("key_id", RECEIPT_KEY_ID);
            // signed: the whole receipt without its signature member
            r.put("signature", Hex.encode(sign(canonical.canonicalize(r))));
        }
        return r;
    }

    private static ObjectNode event(ArrayNode events, AciGeneration generation, String type) {
        ObjectNode e = events.addObject();
        if (generation == AciGeneration.EARLY) {
            e.put("seq", events.size() - 1);
        }
        return e.put("type", type);
    }

    /** A stand-in for the id of the upstream attestation session: the hash of what identifies it. */
    private String sessionId(String origin, String upstreamModel) {
        ObjectNode s = json.createObjectNode().put("endpoint", origin).put("model_id", upstreamModel)
                .put("verifier_id", "aci-service/v2");
        return Hex.encode(TdxPlatform.sha256(canonical.canonicalize(s)));
    }

    /** Ed25519 over {@code message} with the receipt key. */
    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(receiptKey.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
