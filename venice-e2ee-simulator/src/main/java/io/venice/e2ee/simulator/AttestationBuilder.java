package io.venice.e2ee.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.E2eeHeaders;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;

/**
 * Builds the {@code /tee/attestation} answer in the field names and encodings the live service uses: for a NEAR-style
 * model the flat report with {@code info} and {@code compose_manager_attestation}; for a model behind the Phala
 * gateway the {@code aci/1} envelope with Venice's legacy root fields. Also the gateway's own
 * {@code /v1/aci/attestation}, whose quote binds the keyset.
 */
final class AttestationBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VeniceSimulator sim;

    AttestationBuilder(VeniceSimulator sim) {
        this.sim = sim;
    }

    ObjectNode build(ModelSpec model, byte[] clientNonce, boolean nonceFromClient, Set<Fault> faults) {
        ModelKey key = sim.keys.current(model.id());
        byte[] nonce = faults.contains(Fault.WRONG_NONCE) ? random(32) : clientNonce;
        byte[] boundAddress = faults.contains(Fault.REPORTDATA_OTHER_KEY) ? random(20) : key.address().bytes();
        byte[] reportData = new byte[64];
        System.arraycopy(boundAddress, 0, reportData, 0, 20);
        byte[] nonceBinding = faults.contains(Fault.SHA256_NONCE_BINDING) ? TdxPlatform.sha256(nonce) : nonce;
        System.arraycopy(nonceBinding, 0, reportData, 32, 32);
        boolean debug = faults.contains(Fault.DEBUG_QUOTE);
        byte[] quote = sim.tdx.quote(reportData, debug);
        if (faults.contains(Fault.TAMPERED_QUOTE)) {
            quote[TdxQuote.parse(quote).span(TdReport.Field.MRTD).offset()] ^= 0x01;
        }
        byte[] gpuNonce = faults.contains(Fault.NVIDIA_WRONG_NONCE) ? random(32) : nonce;
        String signingAddress = faults.contains(Fault.ADDRESS_MISMATCH)
                ? "0x" + Hex.encode(random(20)) : key.address().toLowerCase();
        String nonceHex = Hex.encode(nonce);
        boolean verified = !faults.contains(Fault.UNVERIFIED);

        ObjectNode o;
        if (model.backend() == ModelSpec.Backend.PHALA_GATEWAY) {
            o = sim.gateway.envelope(sim.config.aciGeneration, key, reportData, quote, eventLogText(),
                    vmConfig(0, "private-ai-gateway"), sim.tdx.appCompose());
            o.put("signing_public_key", key.publicKeyHex());
            o.put("signing_algo", E2eeHeaders.SIGNING_ALGORITHM_ECDSA);
            o.put("signing_address", signingAddress);
            o.put("intel_quote", Hex.encode(quote));
            o.put("nvidia_payload", sim.nvidia.payload(gpuNonce, sim.config.gpus));
            ObjectNode copy = o.deepCopy();
            o.putArray("all_attestations").add(copy);
        } else {
            o = sim.json.createObjectNode();
            o.put("model_name", model.upstreamName());
            o.put("signing_address", signingAddress);
            o.put("signing_algo", E2eeHeaders.SIGNING_ALGORITHM_ECDSA);
            o.put("signing_public_key", key.publicKeyHex());
            o.put("request_nonce", nonceHex);
            o.put("intel_quote", Hex.encode(quote));
            o.put("nvidia_payload", sim.nvidia.payload(gpuNonce, sim.config.gpus));
            o.set("event_log", eventLog());
            ObjectNode info = o.putObject("info");
            info.put("app_id", sim.tdx.appId());
            info.put("app_name", "venice-e2ee-simulator");
            info.put("compose_hash", sim.tdx.composeHashHex());
            info.put("instance_id", sim.tdx.instanceId());
            info.put("key_provider_info", sim.tdx.keyProviderInfo());
            info.put("os_image_hash", sim.tdx.osImageHash());
            ObjectNode tcb = info.putObject("tcb_info");
            tcb.put("app_compose", sim.tdx.appCompose());
            tcb.put("compose_hash", sim.tdx.composeHashHex());
            tcb.set("event_log", eventLog());
            tcb.put("mrtd", sim.tdx.mrtdHex());
            tcb.put("os_image_hash", sim.tdx.osImageHash());
            for (int i = 0; i < 4; i++) {
                tcb.put("rtmr" + i, sim.tdx.rtmrHex(i));
            }
            info.put("vm_config", vmConfig(sim.config.gpus, "venice-e2ee-simulator"));
            o.set("compose_manager_attestation", composeManager(nonce, faults));
            o.put("signing_key", key.publicKeyHex());
        }
        o.put("verified", verified);
        o.put("model", model.id());
        o.put("nonce", nonceHex);
        o.put("nonce_source", nonceFromClient ? "client" : "server");
        o.put("tee_provider", model.backend() == ModelSpec.Backend.PHALA_GATEWAY ? "phala" : "near-ai");
        o.put("tee_hardware", "intel-tdx");
        o.put("upstream_model", model.upstreamName());
        serverVerification(o.putObject("server_verification"), reportData, debug, faults, verified);
        o.put("candidates_evaluated", 1);
        o.put("candidates_available", 1);
        return o;
    }

    /**
     * The gateway's own {@code /v1/aci/attestation}: the envelope whose quote's REPORTDATA is
     * {@code sha256(statement) ‖ 32 zero bytes}, the statement binding the keyset digest and {@code nonceHex} (null:
     * no nonce, JSON null in the statement).
     */
    ObjectNode gatewayAttestation(ModelKey gatewayKey, String nonceHex, Set<Fault> faults) {
        AciGeneration generation = sim.config.aciGeneration;
        ObjectNode keyset = faults.contains(Fault.GATEWAY_OTHER_KEYSET) ? sim.gateway.otherKeyset(generation, gatewayKey)
                : sim.gateway.keyset(generation, gatewayKey);
        String digest = sim.gateway.digest(keyset);
        byte[] reportData = gatewayReportData(generation, digest, faults.contains(Fault.GATEWAY_WRONG_NONCE)
                ? Hex.encode(random(32)) : nonceHex);
        byte[] quote;
        if (faults.contains(Fault.GATEWAY_TAMPERED_QUOTE)) {
            quote = sim.tdx.quote(gatewayReportData(generation, digest, Hex.encode(random(32))), false);
            int at = TdxQuote.parse(quote).span(TdReport.Field.REPORTDATA).offset();
            System.arraycopy(reportData, 0, quote, at, reportData.length);
        } else if (faults.contains(Fault.GATEWAY_RESIGNED_QUOTE)) {
            quote = sim.tdx.quoteByUncertifiedKey(reportData);
        } else {
            quote = sim.tdx.quote(reportData, false);
        }
        ObjectNode o = sim.gateway.envelope(generation, keyset, reportData, quote, eventLogText(),
                vmConfig(0, "private-ai-gateway"), sim.tdx.appCompose());
        // the statement hash itself, 32 bytes; the evidence carries the quote's whole 64 bytes
        ((ObjectNode) o.get("attestation")).put("report_data", Hex.encode(reportData, 0, 32));
        return o;
    }

    /** The gateway quote's REPORTDATA: {@code sha256(statement of digest and nonce) ‖ 32 zero bytes}. */
    private byte[] gatewayReportData(AciGeneration generation, String digest, String nonceHex) {
        byte[] reportData = new byte[64];
        System.arraycopy(TdxPlatform.sha256(sim.gateway.statement(generation, digest, nonceHex)), 0, reportData, 0, 32);
        return reportData;
    }

    /**
     * NEAR's compose-manager record: the deployment actions, their hash (SHA-256 of the actions as compact JSON with
     * sorted keys, NEAR's current rule), and a second quote from the same TD whose REPORTDATA is
     * {@code actions_hash ‖ nonce}, with the event log and VM configuration as JSON strings.
     */
    private ObjectNode composeManager(byte[] nonce, Set<Fault> faults) {
        ArrayNode actions = sim.json.createArrayNode();
        String file = "venice-e2ee-simulator.yaml";
        actions.addObject().put("timestamp", "2026-06-01T09:12:03.120945112+00:00").put("action", "compose_up")
                .put("tag", "v0.1.0").put("commit", Hex.encode(TdxPlatform.sha256(ascii("commit v0.1.0")), 0, 20))
                .put("file", file).put("file_sha256", Hex.encode(TdxPlatform.sha256(ascii("compose v0.1.0"))));
        actions.addObject().put("timestamp", "2026-06-03T14:40:55.008113470+00:00").put("action", "compose_down")
                .put("tag", "v0.1.0").put("commit", Hex.encode(TdxPlatform.sha256(ascii("commit v0.1.0")), 0, 20))
                .put("file", file);
        actions.addObject().put("timestamp", "2026-06-03T14:41:20.771902655+00:00").put("action", "compose_up")
                .put("tag", "v0.1.1").put("commit", Hex.encode(TdxPlatform.sha256(ascii("commit v0.1.1")), 0, 20))
                .put("file", file).put("file_sha256", Hex.encode(TdxPlatform.sha256(ascii("compose v0.1.1"))));
        byte[] actionsHash = TdxPlatform.sha256(sim.canonical.canonicalize(actions));
        if (faults.contains(Fault.COMPOSE_ACTIONS_TAMPERED)) {
            ((ObjectNode) actions.get(2)).put("tag", "v0.1.1-unreviewed");
        }
        byte[] boundNonce = faults.contains(Fault.COMPOSE_WRONG_NONCE) ? random(32) : nonce;
        byte[] reportData = new byte[64];
        System.arraycopy(actionsHash, 0, reportData, 0, 32);
        System.arraycopy(boundNonce, 0, reportData, 32, 32);
        byte[] quote = sim.tdx.quote(reportData, false, faults.contains(Fault.COMPOSE_OTHER_TD));
        ObjectNode c = sim.json.createObjectNode();
        c.set("actions", actions);
        c.put("actions_hash", Hex.encode(actionsHash));
        c.put("nonce", Hex.encode(nonce));
        c.put("nonce_source", "client");
        c.put("quote", Hex.encode(quote));
        c.put("event_log", eventLogText());
        c.put("report_data", Hex.encode(reportData));
        c.put("vm_config", vmConfig(sim.config.gpus, "venice-e2ee-simulator"));
        return c;
    }

    /** dstack's VM configuration as the JSON string the evidence carries. */
    private String vmConfig(int gpus, String image) {
        return "{\"spec_version\":1,\"os_image_hash\":\"" + sim.tdx.osImageHash() + "\",\"cpu_count\":2,"
                + "\"memory_size\":4294967296,\"num_gpus\":" + gpus + ",\"image\":\"" + image + "\"}";
    }

    /** The event log as the JSON string the compose-manager and ACI evidence carry. */
    private String eventLogText() {
        try {
            return sim.json.writeValueAsString(eventLog());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the event log", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private ArrayNode eventLog() {
        ArrayNode log = sim.json.createArrayNode();
        for (TdxPlatform.Event e : sim.tdx.eventLog()) {
            ObjectNode n = log.addObject();
            n.put("digest", Hex.encode(e.digest()));
            n.put("event", e.event());
            n.put("event_payload", Hex.encode(e.payload()));
            n.put("event_type", e.eventType());
            n.put("imr", e.imr());
        }
        return log;
    }

    /** The server's own findings, as the live service reports them (display only; clients must check for themselves). */
    private void serverVerification(ObjectNode sv, byte[] reportData, boolean debug, Set<Fault> faults, boolean verified) {
        ObjectNode tdx = sv.putObject("tdx");
        boolean signatureValid = !faults.contains(Fault.TAMPERED_QUOTE);
        tdx.put("valid", verified && signatureValid && !debug);
        tdx.put("signatureValid", signatureValid);
        tdx.put("certificateChainValid", true);
        tdx.put("rootCaPinned", false);
        tdx.put("attestationKeyMatch", true);
        tdx.put("reportData", Hex.encode(reportData));
        ObjectNode m = tdx.putObject("measurements");
        m.put("mrtd", sim.tdx.mrtdHex());
        m.put("mrconfigid", sim.tdx.mrconfigidHex());
        m.put("mrowner", Hex.encode(new byte[48]));
        m.put("mrownerconfig", Hex.encode(new byte[48]));
        for (int i = 0; i < 4; i++) {
            m.put("rtmr" + i, sim.tdx.rtmrHex(i));
        }
        byte[] attributes = TdxPlatform.TD_ATTRIBUTES.clone();
        if (debug) {
            attributes[0] |= 0x01;
        }
        m.put("tdAttributes", Hex.encode(attributes));
        m.put("xfam", Hex.encode(TdxPlatform.XFAM));
        ObjectNode crl = tdx.putObject("crlCheck");
        crl.put("checked", false);
        crl.put("revoked", false);
        ObjectNode nv = sv.putObject("nvidia");
        nv.put("valid", verified);
        nv.put("signatureVerified", true);
        ObjectNode chain = nv.putObject("certificateChainStatus");
        chain.put("valid", true);
        chain.put("intermediatePinned", false);
        chain.put("leafCertExpiry", sim.nvidiaPki.device().certificate().getNotAfter().toInstant().toString());
        ObjectNode addr = sv.putObject("signingAddressBinding");
        addr.put("bound", !faults.contains(Fault.REPORTDATA_OTHER_KEY) && !faults.contains(Fault.ADDRESS_MISMATCH));
        addr.put("reportDataAddress", "0x" + Hex.encode(reportData, 0, 20));
        ObjectNode nonce = sv.putObject("nonceBinding");
        nonce.put("bound", !faults.contains(Fault.WRONG_NONCE));
        nonce.put("method", faults.contains(Fault.SHA256_NONCE_BINDING) ? "sha256" : "raw");
        ObjectNode nvNonce = sv.putObject("nvidiaNonceBinding");
        nvNonce.put("bound", !faults.contains(Fault.NVIDIA_WRONG_NONCE) && !faults.contains(Fault.WRONG_NONCE));
        nvNonce.put("method", "nvidia_payload");
        sv.put("verifiedAt", Instant.now().toString());
        sv.put("verificationDurationMs", 0);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
