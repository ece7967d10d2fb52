package io.venice.e2ee.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.dcap.TcbStatus;

import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A verification policy's options as JSON in an audit bundle, so the same checks can be run again: level, nonce
 * binding, GPU evidence, allow-lists and accepted TCB statuses. The extra trust anchors travel as PEM files beside
 * it.
 */
final class PolicyCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCodec() {
    }

    static ObjectNode write(VerificationPolicy p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("level", p.level().label());
        o.put("allow_sha256_nonce_binding", p.allowSha256NonceBinding());
        o.put("require_gpu_evidence", p.requireGpuEvidence());
        ObjectNode expected = o.putObject("expected");
        for (VerificationPolicy.Measurement m : VerificationPolicy.Measurement.values()) {
            if (!p.expected(m).isEmpty()) {
                ArrayNode a = expected.putArray(m.label());
                p.expected(m).forEach(a::add);
            }
        }
        ArrayNode statuses = o.putArray("accepted_tcb_statuses");
        p.acceptedTcbStatuses().forEach(s -> statuses.add(s.intelName()));
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
                .requireGpuEvidence(o.path("require_gpu_evidence").asBoolean(true));
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
        anchors.forEach(b::extraTrustAnchor);
        return b.build();
    }
}
