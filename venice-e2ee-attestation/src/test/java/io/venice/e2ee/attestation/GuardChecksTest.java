package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code model.match} refuses every model field that names another model than the one requested, and the facts say
 * where the prompt is decrypted: a TD launched without GPUs is a gateway, never the GPU.
 */
class GuardChecksTest {
    private static final String REQUESTED = "e2ee-qwen3-5-122b-a10b";

    private static VerificationReport verify(AttestationReport r, String requested) {
        VerificationContext.Builder ctx = VerificationContext.builder().expectedNonce(Evidence.captureNonce())
                .at(Evidence.CAPTURE_TIME);
        if (requested != null) {
            ctx.requestedModel(requested);
        }
        return AttestationVerification.verify(r, VerificationPolicy.defaults(), ctx.build());
    }

    private static VerificationReport.Check modelMatch(Consumer<ObjectNode> edit, String requested) {
        return verify(Checks.editedCapture(edit), requested).check("model.match").orElseThrow();
    }

    @Test
    void theCaptureIsForTheModelRequested() {
        VerificationReport vr = verify(AttestationReport.parse(Evidence.captureJson()), REQUESTED);
        assertThat(vr.passed()).isTrue();
        assertThat(vr.check("model.match").orElseThrow().reason()).isEqualTo("the attestation is for the requested"
                + " model 'e2ee-qwen3-5-122b-a10b' (the upstream model Qwen/Qwen3.5-122B-A10B)");
    }

    @Test
    void withoutARequestedModelTheCheckDoesNotRun() {
        VerificationReport vr = verify(AttestationReport.parse(Evidence.captureJson()), null);
        assertThat(vr.check("model.match").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(vr.passed()).isTrue();
    }

    @Test
    void anAttestationForAnotherModelFails() {
        VerificationReport vr = verify(AttestationReport.parse(Evidence.captureJson()), "e2ee-glm-5-1");
        Checks.assertFailures(vr, Set.of("model.match"), Set.of());
        assertThat(vr.check("model.match").orElseThrow().reason()).isEqualTo("the attestation is for model"
                + " 'e2ee-qwen3-5-122b-a10b', not the requested 'e2ee-glm-5-1': a substituted model");
    }

    @Test
    void anUpstreamModelOtherThanTheAttestedOneFails() {
        VerificationReport.Check c = modelMatch(root -> root.put("upstream_model", "Qwen/Qwen3-0.6B"), REQUESTED);
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains("model_name 'Qwen/Qwen3.5-122B-A10B' and upstream_model 'Qwen/Qwen3-0.6B'"
                + " differ");
        assertThat(modelMatch(root -> root.put("model_name", "Qwen/Qwen3-0.6B"), REQUESTED).status())
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void withoutVenicesModelFieldTheUpstreamNameMustBeTheRequestedOne() {
        Consumer<ObjectNode> noVeniceId = root -> root.remove("model");
        assertThat(modelMatch(noVeniceId, "Qwen/Qwen3.5-122B-A10B").status()).isEqualTo(Outcome.PASS);
        assertThat(modelMatch(noVeniceId, REQUESTED).status()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void anAttestationNamingNoModelFails() {
        VerificationReport.Check c = modelMatch(root -> {
            root.remove("model");
            root.remove("model_name");
            root.remove("upstream_model");
        }, REQUESTED);
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).startsWith("the attestation names no model");
    }

    @Test
    void aMalformedModelFieldFailsTheCheckNamingIt() {
        VerificationReport.Check c = modelMatch(root -> root.putObject("upstream_model"), REQUESTED);
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).isEqualTo("attestation field 'upstream_model': must be a string");
    }

    @Test
    void aTdWithGpusDecryptsNextToThem() {
        EvidenceFacts.Decryption d = verify(AttestationReport.parse(Evidence.captureJson()), REQUESTED).facts()
                .decryption();
        assertThat(d.site()).isEqualTo(EvidenceFacts.Site.GPU_TD);
        assertThat(d.gpus()).hasValue(8);
        assertThat(d.describe()).isEqualTo("decrypted inside the attested TD, which was launched with 8 GPUs"
                + " (info.vm_config)");
    }

    @Test
    void aTdWithoutGpusIsAGatewayThatForwardsUpstream() {
        VerificationReport vr = verify(Checks.editedCapture(root -> ((ObjectNode) root.get("info")).put("vm_config",
                "{\"num_gpus\":0,\"image\":\"dstack-dev-0.5.9\"}")), REQUESTED);
        EvidenceFacts.Decryption d = vr.facts().decryption();
        assertThat(d.site()).isEqualTo(EvidenceFacts.Site.TEE_GATEWAY);
        assertThat(d.describe()).isEqualTo("decrypted in a TEE gateway that forwards upstream (info.vm_config"
                + " num_gpus 0): end to end to the gateway, not to the GPU");
        assertThat(vr.toJson()).contains("\"site\" : \"tee_gateway\"");
    }

    @Test
    void evidenceWithoutALaunchConfigurationDoesNotSay() {
        VerificationReport vr = verify(Checks.editedCapture(root -> {
            ((ObjectNode) root.get("info")).remove("vm_config");
            root.remove("compose_manager_attestation");
        }), REQUESTED);
        assertThat(vr.facts().decryption().site()).isEqualTo(EvidenceFacts.Site.NOT_STATED);
    }
}
