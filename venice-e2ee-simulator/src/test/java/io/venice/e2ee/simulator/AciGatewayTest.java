package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.venice.e2ee.simulator.SimHttp.CIPHER;
import static io.venice.e2ee.simulator.SimHttp.chatBody;
import static io.venice.e2ee.simulator.SimHttp.json;
import static io.venice.e2ee.simulator.SimHttp.seal;
import static io.venice.e2ee.simulator.SimHttp.teeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code -p} models answer as the Phala gateway does through Venice, each ACI generation checked independently of
 * the simulator's code: digests over Jackson's sorted output, signatures with the JDK's Ed25519 and BouncyCastle's
 * ECDSA, quotes through the attestation module's codec.
 */
class AciGatewayTest {
    static final String MODEL = "e2ee-glm-5-2-p";
    private static final ObjectMapper SORTED = new ObjectMapper().configure(
            SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** Compact JSON with sorted keys, which is JCS for the ASCII strings and integers these documents hold. */
    static byte[] canonical(JsonNode n) throws Exception {
        return SORTED.writeValueAsBytes(SORTED.convertValue(n, Object.class));
    }

    static String sha256Hex(byte[] b) {
        return Hex.encode(TdxPlatform.sha256(b));
    }

    static boolean ed25519(String publicKeyHex, byte[] message, String signatureHex) throws Exception {
        // an X.509 SubjectPublicKeyInfo for Ed25519 is a fixed 12-byte prefix and the raw key
        byte[] spki = Hex.decode("302a300506032b6570032100" + publicKeyHex);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(message);
        return s.verify(Hex.decode(signatureHex));
    }

    static boolean secp256k1(String publicKeyHex, byte[] hash, byte[] rs) {
        X9ECParameters k1 = CustomNamedCurves.getByName("secp256k1");
        ECDomainParameters domain = new ECDomainParameters(k1.getCurve(), k1.getG(), k1.getN(), k1.getH());
        ECDSASigner v = new ECDSASigner();
        v.init(false, new ECPublicKeyParameters(k1.getCurve().decodePoint(Hex.decode(publicKeyHex)), domain));
        return v.verifySignature(hash, new BigInteger(1, Arrays.copyOf(rs, 32)),
                new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
    }

    @ParameterizedTest
    @EnumSource(AciGeneration.class)
    void attestationIsTheAciEnvelopeWithVeniceLegacyRootFieldsAndALegacyBinding(AciGeneration generation)
            throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().aciGeneration(generation).build()) {
            SimHttp http = new SimHttp(sim.start());
            byte[] nonce = SimHttp.nonce();
            JsonNode a = http.attest(MODEL, nonce);
            assertThat(a.path("api_version").asText()).isEqualTo("aci/1");
            assertThat(a.path("tee_provider").asText()).isEqualTo("phala");
            assertThat(a.path("model").asText()).isEqualTo(MODEL);
            assertThat(a.path("nonce").asText()).isEqualTo(Hex.encode(nonce));
            String key = sim.modelPublicKey(MODEL);
            assertThat(a.path("signing_public_key").asText()).isEqualTo(key);
            assertThat(a.path("signing_algo").asText()).isEqualTo("ecdsa");
            String address = EthAddress.ofPublicKey(Hex.decode(key)).toLowerCase();
            assertThat(a.path("signing_address").asText()).isEqualTo(address);
            JsonNode att = a.get("attestation");
            JsonNode evidence = att.get("evidence");
            assertThat(a.path("intel_quote").asText()).isEqualTo(evidence.path("quote").asText());
            // the quote binds the legacy key and the nonce (address ‖ zeros ‖ nonce), not the keyset
            byte[] expected = new byte[64];
            System.arraycopy(Hex.decode(address.substring(2)), 0, expected, 0, 20);
            System.arraycopy(nonce, 0, expected, 32, 32);
            assertThat(EvidenceChecks.parseQuote(Hex.decode(evidence.path("quote").asText())).reportData())
                    .isEqualTo(expected);
            assertThat(att.path("report_data").asText()).isEqualTo(Hex.encode(expected));
            assertThat(evidence.path("quote_report_data").asText()).isEqualTo(Hex.encode(expected));
            // the keyset lists the legacy key and the receipt key; its digest is sha256(JCS(keyset))
            JsonNode keyset = att.get("workload_keyset");
            assertThat(keyset.path("e2ee_public_keys")).anySatisfy(k -> {
                assertThat(k.path("key_id").asText()).isEqualTo("dstack-kms-e2ee-v1");
                assertThat(k.path("algo").asText()).isEqualTo("secp256k1-aes-256-gcm-hkdf-sha256");
                assertThat(k.path("public_key").asText()).isEqualTo(key);
            });
            assertThat(keyset.path("receipt_signing_keys").get(0).path("public_key").asText())
                    .isEqualTo(sim.gatewayReceiptKey());
            assertThat(a.path("workload_keyset_digest").asText()).isEqualTo("sha256:" + sha256Hex(canonical(keyset)));
            // a gateway CVM without GPUs; the GPU evidence is the upstream's, for our nonce
            assertThat(SimHttp.parse(evidence.path("vm_config").asText()).path("num_gpus").asInt()).isZero();
            assertThat(SimHttp.parse(evidence.path("event_log").asText()).isArray()).isTrue();
            assertThat(SimHttp.parse(a.path("nvidia_payload").asText()).path("nonce").asText())
                    .isEqualTo(Hex.encode(nonce));
            assertThat(a.path("all_attestations").get(0).path("api_version").asText()).isEqualTo("aci/1");
            assertThat(a.path("all_attestations").get(0).has("all_attestations")).isFalse();
            if (generation == AciGeneration.CURRENT) {
                assertThat(keyset.has("subject")).isTrue();
                assertThat(keyset.path("not_after").canConvertToLong()).isTrue();
                assertThat(a.has("workload_id")).isFalse();
                assertThat(att.has("keyset_endorsement")).isFalse();
                assertThat(a.at("/service_capabilities/serving").asText()).isEqualTo("aggregator");
            } else {
                String identity = keyset.at("/workload_identity/public_key/public_key").asText();
                ObjectNode idDoc = SORTED.createObjectNode().put("algo", "ecdsa-secp256k1").put("public_key", identity);
                assertThat(a.path("workload_id").asText()).isEqualTo("sha256:" + sha256Hex(canonical(idDoc)));
                assertThat(keyset.at("/keyset_epoch/not_after").canConvertToLong()).isTrue();
                assertThat(att.path("vendor").asText()).isNotEmpty();
                assertThat(att.has("freshness")).isTrue();
                ObjectNode endorsed = SORTED.createObjectNode().put("purpose", "aci.keyset.endorsement.v1")
                        .put("workload_keyset_digest", a.path("workload_keyset_digest").asText());
                assertThat(secp256k1(identity, TdxPlatform.sha256(canonical(endorsed)),
                        Hex.decode(att.at("/keyset_endorsement/value").asText()))).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AciGeneration.class)
    void signatureAnswersCarryAReceiptSignedOverTheBytesEachGenerationSigns(AciGeneration generation)
            throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().aciGeneration(generation).build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            JsonNode a = http.attest(MODEL, SimHttp.nonce());
            String key = a.path("signing_public_key").asText();
            byte[] request = chatBody(MODEL, true, "user", seal(key, "receipt please"));
            HttpResponse<byte[]> r = http.post("/chat/completions", request, teeHeaders(session, key));
            assertThat(r.statusCode()).isEqualTo(200);
            String id = ChatEndpointTest.decrypt(r.body(), session).chunks.get(0).path("id").asText();
            JsonNode s = json(http.get("/tee/signature?model=" + MODEL + "&request_id=" + id));
            assertThat(s.path("api_version").asText()).isEqualTo("aci/1");
            assertThat(s.path("tee_provider").asText()).isEqualTo("phala");
            JsonNode receipt = s.get("receipt");
            assertThat(receipt.path("api_version").asText()).isEqualTo("aci/1");
            assertThat(receipt.path("chat_id").asText()).isEqualTo(id);
            assertThat(receipt.path("workload_keyset_digest").asText()).isEqualTo(a.path("workload_keyset_digest").asText());
            ObjectNode signed = receipt.deepCopy();
            String signature;
            String keyId;
            if (generation == AciGeneration.CURRENT) {
                signature = signed.remove("signature").asText();
                keyId = receipt.path("key_id").asText();
                assertThat(receipt.path("event_log")).allSatisfy(e -> assertThat(e.has("seq")).isFalse());
            } else {
                ObjectNode sig = (ObjectNode) signed.get("signature");
                signature = sig.remove("value").asText();
                keyId = sig.path("key_id").asText();
                assertThat(sig.path("algo").asText()).isEqualTo("ed25519");
                assertThat(receipt.path("workload_id").asText()).isEqualTo(a.path("workload_id").asText());
                for (int i = 0; i < receipt.path("event_log").size(); i++) {
                    assertThat(receipt.path("event_log").get(i).path("seq").asInt()).isEqualTo(i);
                }
            }
            JsonNode receiptKey = a.at("/attestation/workload_keyset/receipt_signing_keys/0");
            assertThat(keyId).isEqualTo(receiptKey.path("key_id").asText());
            assertThat(ed25519(receiptKey.path("public_key").asText(), canonical(signed), signature)).isTrue();
            signed.put("chat_id", "chatcmpl-other");
            assertThat(ed25519(receiptKey.path("public_key").asText(), canonical(signed), signature)).isFalse();

            // the legacy text: the gateway's hash of the request it processed (decrypted) and of the bytes it sent
            String[] text = s.path("text").asText().split(":");
            assertThat(text).hasSize(2);
            assertThat(text[1]).isEqualTo(sha256Hex(r.body()));
            assertThat(text[0]).as("not the encrypted body Venice received").isNotEqualTo(sha256Hex(request));
            JsonNode events = receipt.path("event_log");
            assertThat(events.get(0).path("type").asText()).isEqualTo("request.received");
            assertThat(events.get(0).path("body_hash").asText()).isEqualTo("sha256:" + text[0]);
            assertThat(events).anySatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("upstream.verified"));
            JsonNode returned = events.get(events.size() - 1);
            assertThat(returned.path("type").asText()).isEqualTo("response.returned");
            assertThat(returned.path(generation == AciGeneration.CURRENT ? "body_hash" : "wire_hash").asText())
                    .isEqualTo("sha256:" + text[1]);
            assertThat(PersonalSignRecovery.recover(s.path("text").asText(), s.path("signature").asText())
                    .matches(a.path("signing_address").asText())).isTrue();
        }
    }

    @Test
    void nearStyleSignaturesCarryNoReceipt() {
        try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
            SimHttp http = new SimHttp(sim.start());
            JsonNode done = json(http.post("/chat/completions", chatBody("tee-glm-5", false, "user", "hi")));
            JsonNode s = json(http.get("/tee/signature?model=tee-glm-5&request_id=" + done.path("id").asText()));
            assertThat(s.has("receipt")).isFalse();
            assertThat(s.has("api_version")).isFalse();
        }
    }

    @Test
    void theGatewayModelsShareOneKeyAndRotateTogether() {
        try (VeniceSimulator sim = VeniceSimulator.builder().models("e2ee-a-p", "e2ee-b-p", "e2ee-c").build()) {
            assertThat(sim.modelPublicKey("e2ee-a-p")).isEqualTo(sim.modelPublicKey("e2ee-b-p"))
                    .isNotEqualTo(sim.modelPublicKey("e2ee-c"));
            String rotated = sim.rotateKey("e2ee-b-p");
            assertThat(sim.modelPublicKey("e2ee-a-p")).isEqualTo(rotated);
        }
    }

    @ParameterizedTest
    @EnumSource(AciGeneration.class)
    void theGatewaysOwnAttestationBindsTheKeysetAndOurNonce(AciGeneration generation) throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().aciGeneration(generation).build()) {
            sim.start();
            SimHttp gatewayHost = new SimHttp(java.net.URI.create(sim.baseUrl().toString().replace("/api/v1", "")));
            String nonce = Hex.encode(SimHttp.nonce());
            HttpResponse<byte[]> r = gatewayHost.get("/v1/aci/attestation?nonce=" + nonce);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode a = json(r);
            String digest = a.path("workload_keyset_digest").asText();
            assertThat(digest).isEqualTo("sha256:" + sha256Hex(canonical(a.at("/attestation/workload_keyset"))));
            ObjectNode statement = SORTED.createObjectNode();
            if (generation == AciGeneration.CURRENT) {
                statement.put("keyset_digest", digest);
            } else {
                statement.put("workload_id", a.path("workload_id").asText()).put("workload_keyset_digest", digest);
            }
            statement.put("nonce", nonce).put("purpose", "aci.report_data.v1");
            byte[] reportData = TdxPlatform.sha256(canonical(statement));
            byte[] quoted = EvidenceChecks.parseQuote(Hex.decode(a.at("/attestation/evidence/quote").asText()))
                    .reportData();
            assertThat(Arrays.copyOf(quoted, 32)).isEqualTo(reportData);
            assertThat(Arrays.copyOfRange(quoted, 32, 64)).isEqualTo(new byte[32]);
            assertThat(a.at("/attestation/report_data").asText()).isEqualTo(Hex.encode(reportData));
            assertThat(a.at("/attestation/evidence/quote_report_data").asText()).isEqualTo(Hex.encode(quoted));

            HttpResponse<byte[]> upper = gatewayHost.get("/v1/aci/attestation?nonce=" + nonce.toUpperCase());
            assertThat(upper.statusCode()).isEqualTo(400);
            assertThat(json(upper).path("error")).isEqualTo(SORTED.valueToTree(Map.of("message",
                    "nonce must be exactly 64 lowercase hex characters (32 bytes)", "type", "invalid_request_error",
                    "code", SORTED.nullNode(), "param", SORTED.nullNode())));
            HttpResponse<byte[]> none = gatewayHost.get("/v1/aci/attestation");
            ObjectNode nullStatement = statement.deepCopy();
            nullStatement.putNull("nonce");
            assertThat(Arrays.copyOf(EvidenceChecks.parseQuote(Hex.decode(json(none).at("/attestation/evidence/quote")
                    .asText())).reportData(), 32)).isEqualTo(TdxPlatform.sha256(canonical(nullStatement)));
        }
    }

    /** What the gateway's own attestation binds under each {@code gateway-*} fault, read without the simulator's code. */
    @Test
    void gatewayFaultsForgeExactlyWhatTheyName() throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
            SimHttp venice = new SimHttp(sim.start());
            SimHttp gatewayHost = new SimHttp(java.net.URI.create(sim.baseUrl().toString().replace("/api/v1", "")));
            String relayed = venice.attest(MODEL, SimHttp.nonce()).path("workload_keyset_digest").asText();
            String nonce = Hex.encode(SimHttp.nonce());

            JsonNode genuine = gateway(gatewayHost, nonce, null);
            assertThat(genuine.path("workload_keyset_digest").asText()).isEqualTo(relayed);
            EvidenceChecks.Quote q = quote(genuine);
            assertThat(Arrays.copyOf(q.reportData(), 32)).isEqualTo(statementHash(relayed, nonce));
            assertThat(EvidenceChecks.signaturesValid(q)).isTrue();

            JsonNode replay = gateway(gatewayHost, nonce, "gateway-wrong-nonce");
            assertThat(replay.path("workload_keyset_digest").asText()).isEqualTo(relayed);
            assertThat(Arrays.copyOf(quote(replay).reportData(), 32)).isNotEqualTo(statementHash(relayed, nonce));
            assertThat(EvidenceChecks.signaturesValid(quote(replay))).isTrue();

            JsonNode other = gateway(gatewayHost, nonce, "gateway-other-keyset");
            String otherDigest = other.path("workload_keyset_digest").asText();
            assertThat(otherDigest).isNotEqualTo(relayed)
                    .isEqualTo("sha256:" + sha256Hex(canonical(other.at("/attestation/workload_keyset"))));
            assertThat(other.at("/attestation/workload_keyset/receipt_signing_keys/0/public_key").asText())
                    .isNotEqualTo(sim.gatewayReceiptKey());
            assertThat(Arrays.copyOf(quote(other).reportData(), 32)).isEqualTo(statementHash(otherDigest, nonce));
            assertThat(EvidenceChecks.signaturesValid(quote(other))).isTrue();

            for (String forged : List.of("gateway-tampered-quote", "gateway-resigned-quote")) {
                JsonNode f = gateway(gatewayHost, nonce, forged);
                assertThat(Arrays.copyOf(quote(f).reportData(), 32)).as(forged)
                        .isEqualTo(statementHash(relayed, nonce));
                assertThat(EvidenceChecks.signaturesValid(quote(f))).as(forged).isFalse();
            }
            // the re-signed quote's own signature holds; what fails is the QE's certification of its key
            EvidenceChecks.Quote resigned = quote(gateway(gatewayHost, nonce, "gateway-resigned-quote"));
            assertThat(EvidenceChecks.verifyRaw("SHA256withECDSA", EvidenceChecks.p256(resigned.attestationKey()),
                    resigned.signedRegion(), resigned.quoteSignature())).isTrue();
        }
    }

    private static JsonNode gateway(SimHttp host, String nonce, String fault) {
        HttpResponse<byte[]> r = fault == null ? host.get("/v1/aci/attestation?nonce=" + nonce)
                : host.get("/v1/aci/attestation?nonce=" + nonce, Fault.HEADER, fault);
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r);
    }

    private static EvidenceChecks.Quote quote(JsonNode gatewayAttestation) throws Exception {
        return EvidenceChecks.parseQuote(Hex.decode(gatewayAttestation.at("/attestation/evidence/quote").asText()));
    }

    /** SHA-256 of the current form's statement of {@code digest} and {@code nonce}. */
    private static byte[] statementHash(String digest, String nonce) throws Exception {
        return TdxPlatform.sha256(canonical(SORTED.createObjectNode().put("keyset_digest", digest).put("nonce", nonce)
                .put("purpose", "aci.report_data.v1")));
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
