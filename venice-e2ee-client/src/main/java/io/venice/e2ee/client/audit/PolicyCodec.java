package io.venice.e2ee.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.EvidenceLimits;
import io.venice.e2ee.attestation.TdPolicy;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.attestation.pki.Pem;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A verification policy's options as JSON in an audit bundle, so the same checks can be run again: level, nonce
 * binding, GPU and compose-manager evidence, allow-lists, accepted TCB statuses, the TD policy, the NRAS trust and the
 * evidence limits. The extra trust anchors travel as PEM files beside it. A member an older bundle lacks reads as the
 * default it had then.
 */
final class PolicyCodec {
    private static final ObjectMapper JSON = VeniceJson.newMapper();

    private PolicyCodec() {
    }

    static ObjectNode write(VerificationPolicy p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("level", p.level().label());
        o.put("allow_sha256_nonce_binding", p.allowSha256NonceBinding());
        o.put("require_gpu_evidence", p.requireGpuEvidence());
        o.put("require_compose_manager_evidence", p.requireComposeManagerEvidence());
        ObjectNode expected = o.putObject("expected");
        for (VerificationPolicy.Measurement m : VerificationPolicy.Measurement.values()) {
            if (!p.expected(m).isEmpty()) {
                ArrayNode a = expected.putArray(m.label());
                p.expected(m).forEach(a::add);
            }
        }
        ArrayNode statuses = o.putArray("accepted_tcb_statuses");
        p.acceptedTcbStatuses().forEach(s -> statuses.add(s.intelName()));
        TdPolicy td = p.tdPolicy();
        ObjectNode t = o.putObject("td_policy");
        ArrayNode allowed = t.putArray("allowed_attributes");
        td.allowedAttributes().forEach(a -> allowed.add(a.name()));
        t.put("require_sept_ve_disable", td.requireSeptVeDisable());
        t.put("allowed_xfam", Long.toHexString(td.allowedXfam()));
        t.put("allow_service_td", td.allowServiceTd());
        t.put("allow_any_mrconfigid", td.allowAnyMrConfigId());
        ObjectNode nras = o.putObject("nras_trust");
        nras.put("issuer", p.nrasTrust().issuer());
        ArrayNode pins = nras.putArray("anchors");
        for (X509Certificate c : p.nrasTrust().anchors()) {
            try {
                pins.add(Pem.encode(c));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("an NRAS anchor of the policy cannot be encoded", e);
            }
        }
        ObjectNode limits = o.putObject("evidence_limits");
        limits.put("max_quote_chars", p.limits().maxQuoteChars());
        limits.put("max_chain_certificates", p.limits().maxChainCertificates());
        return o;
    }

    /**
     * The policy {@code o} describes, trusting {@code anchors} beyond the pinned roots.
     *
     * @throws IllegalArgumentException naming what cannot be read
     */
    static VerificationPolicy read(JsonNode o, List<X509Certificate> anchors) {
        VerificationPolicy.Builder b = VerificationPolicy.builder()
                .level(VerificationPolicy.Level.parse(o.path("level").asText("")))
                .allowSha256NonceBinding(o.path("allow_sha256_nonce_binding").asBoolean(false))
                .requireGpuEvidence(o.path("require_gpu_evidence").asBoolean(true))
                .requireComposeManagerEvidence(o.path("require_compose_manager_evidence").asBoolean(false));
        for (VerificationPolicy.Measurement m : VerificationPolicy.Measurement.values()) {
            for (JsonNode v : o.path("expected").path(m.label())) {
                b.expect(m, v.asText());
            }
        }
        Set<TcbStatus> accepted = EnumSet.noneOf(TcbStatus.class);
        for (JsonNode s : o.path("accepted_tcb_statuses")) {
            accepted.add(TcbStatus.fromIntelName(s.asText()).orElseThrow(() ->
                    new IllegalArgumentException("unknown TCB status '" + s.asText() + "' in the policy")));
        }
        if (!accepted.isEmpty()) {
            b.acceptTcbStatuses(accepted);
        }
        if (o.has("td_policy")) {
            b.tdPolicy(tdPolicy(o.path("td_policy")));
        }
        if (o.has("nras_trust")) {
            b.nrasTrust(nrasTrust(o.path("nras_trust")));
        }
        if (o.has("evidence_limits")) {
            JsonNode l = o.path("evidence_limits");
            EvidenceLimits d = EvidenceLimits.defaults();
            b.limits(new EvidenceLimits(l.path("max_quote_chars").asInt(d.maxQuoteChars()),
                    l.path("max_chain_certificates").asInt(d.maxChainCertificates())));
        }
        anchors.forEach(b::extraTrustAnchor);
        return b.build();
    }

    private static TdPolicy tdPolicy(JsonNode t) {
        TdPolicy d = TdPolicy.defaults();
        TdPolicy.Builder b = TdPolicy.builder()
                .requireSeptVeDisable(t.path("require_sept_ve_disable").asBoolean(d.requireSeptVeDisable()))
                .allowServiceTd(t.path("allow_service_td").asBoolean(d.allowServiceTd()))
                .allowAnyMrConfigId(t.path("allow_any_mrconfigid").asBoolean(d.allowAnyMrConfigId()));
        for (JsonNode a : t.path("allowed_attributes")) {
            try {
                b.allow(TdPolicy.Attribute.valueOf(a.asText().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown TD attribute '" + a.asText() + "' in the policy", e);
            }
        }
        String xfam = t.path("allowed_xfam").asText(null);
        if (xfam != null) {
            try {
                b.allowedXfam(Long.parseUnsignedLong(xfam, 16));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the policy's allowed_xfam is not a hex mask", e);
            }
        }
        return b.build();
    }

    private static NrasTrust nrasTrust(JsonNode n) {
        List<X509Certificate> pins = new ArrayList<>();
        for (JsonNode pem : n.path("anchors")) {
            try {
                pins.addAll(Pem.certificates(pem.asText()));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("an NRAS anchor in the policy is not a certificate", e);
            }
        }
        return new NrasTrust(pins, n.path("issuer").asText(NrasTrust.NVIDIA_ISSUER));
    }
}
