package io.venice.e2ee.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.EvidenceLimits;
import io.venice.e2ee.attestation.TdPolicy;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The policy recorded in a bundle is the policy the checks ran under: every option, the TD policy, the NRAS trust and
 * the evidence limits included, so {@code audit verify} re-runs the same checks; an older bundle's policy reads with the
 * defaults it had.
 */
class PolicyCodecTest {

    @Test
    void everyOptionAwayFromItsDefaultComesBackAsItWas() throws Exception {
        VerificationPolicy p = VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP)
                .allowSha256NonceBinding(true).requireGpuEvidence(false).requireComposeManagerEvidence(true)
                .expect(VerificationPolicy.Measurement.MRTD, "ab".repeat(48))
                .acceptTcbStatuses(EnumSet.of(TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED))
                .tdPolicy(TdPolicy.builder().allow(TdPolicy.Attribute.PERFMON).requireSeptVeDisable(false)
                        .allowedXfam(0xFFFF_FFFF_FFFF_FFFFL).allowServiceTd(true).allowAnyMrConfigId(true).build())
                .nrasTrust(new NrasTrust(List.of(PinnedRoots.nvidiaDeviceIdentityCa()), "https://nras.example"))
                .limits(new EvidenceLimits(20_000, 4))
                .build();
        JsonNode written = VeniceJson.read(PolicyCodec.write(p).toString());
        VerificationPolicy back = PolicyCodec.read(written, List.of());

        assertThat(back.level()).isEqualTo(p.level());
        assertThat(back.allowSha256NonceBinding()).isTrue();
        assertThat(back.requireGpuEvidence()).isFalse();
        assertThat(back.requireComposeManagerEvidence()).isTrue();
        assertThat(back.expected(VerificationPolicy.Measurement.MRTD))
                .isEqualTo(p.expected(VerificationPolicy.Measurement.MRTD));
        assertThat(back.acceptedTcbStatuses()).isEqualTo(p.acceptedTcbStatuses());
        TdPolicy td = back.tdPolicy();
        assertThat(td.allowedAttributes()).containsExactly(TdPolicy.Attribute.PERFMON);
        assertThat(td.requireSeptVeDisable()).isFalse();
        assertThat(td.allowedXfam()).isEqualTo(0xFFFF_FFFF_FFFF_FFFFL);
        assertThat(td.allowServiceTd()).isTrue();
        assertThat(td.allowAnyMrConfigId()).isTrue();
        assertThat(back.nrasTrust().issuer()).isEqualTo("https://nras.example");
        assertThat(back.nrasTrust().anchors()).containsExactly(PinnedRoots.nvidiaDeviceIdentityCa());
        assertThat(back.limits()).isEqualTo(new EvidenceLimits(20_000, 4));
    }

    @Test
    void anOlderBundlesPolicyReadsWithTheDefaults() throws Exception {
        VerificationPolicy back = PolicyCodec.read(VeniceJson.read("{\"level\":\"full\","
                + "\"allow_sha256_nonce_binding\":false,\"require_gpu_evidence\":true,\"expected\":{},"
                + "\"accepted_tcb_statuses\":[\"UpToDate\"]}"), List.of());
        VerificationPolicy defaults = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build();
        assertThat(back.requireComposeManagerEvidence()).isEqualTo(defaults.requireComposeManagerEvidence());
        assertThat(back.tdPolicy().allowedAttributes()).isEqualTo(defaults.tdPolicy().allowedAttributes());
        assertThat(back.tdPolicy().allowedXfam()).isEqualTo(defaults.tdPolicy().allowedXfam());
        assertThat(back.tdPolicy().requireSeptVeDisable()).isEqualTo(defaults.tdPolicy().requireSeptVeDisable());
        assertThat(back.nrasTrust()).isEqualTo(NrasTrust.nvidia());
        assertThat(back.limits()).isEqualTo(EvidenceLimits.defaults());
    }

    @Test
    void anEditedPolicyIsRefusedNamingWhatCannotBeRead() throws Exception {
        assertThatThrownBy(() -> PolicyCodec.read(VeniceJson.read("{\"level\":\"dcap\",\"td_policy\":"
                + "{\"allowed_attributes\":[\"DEBUG\"]}}"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown TD attribute 'DEBUG'");
        assertThatThrownBy(() -> PolicyCodec.read(VeniceJson.read("{\"level\":\"dcap\",\"td_policy\":"
                + "{\"allowed_xfam\":\"zz\"}}"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed_xfam");
        assertThatThrownBy(() -> PolicyCodec.read(VeniceJson.read("{\"level\":\"dcap\",\"nras_trust\":"
                + "{\"issuer\":\"x\",\"anchors\":[\"not a certificate\"]}}"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NRAS");
    }
}
