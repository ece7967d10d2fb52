package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.compose.ComposeManagerEvidence;
import io.venice.e2ee.attestation.dstack.VmConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * Guards against being served something other than what was asked for: {@code model.match} (no model substitution),
 * and the facts' statement of where the prompt is decrypted (a TD launched without GPUs is a gateway that forwards
 * upstream, never the GPU's enclave).
 */
final class GuardChecks implements CheckFamily {
    @Override
    public String name() {
        return "guards";
    }

    @Override
    public Set<String> measurements() {
        return Set.of();
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        AttestationReport r = input.report();
        run.facts().decryption(decryption(r));
        run.run(BuiltInCheck.MODEL_MATCH, () -> {
            String requested = input.context().requestedModel().orElse(null);
            if (requested == null) {
                return skip("no requested model was given (VerificationContext.requestedModel)");
            }
            String model = r.model().read().orElse(null);
            Map<String, String> upstream = new LinkedHashMap<>();
            r.modelName().read().ifPresent(v -> upstream.put("model_name", v));
            r.upstreamModel().read().ifPresent(v -> upstream.put("upstream_model", v));
            if (model != null && !model.equals(requested)) {
                return fail("the attestation is for model '" + model + "', not the requested '" + requested
                        + "': a substituted model");
            }
            List<String> names = new ArrayList<>(upstream.values());
            for (String n : names) {
                if (!n.equalsIgnoreCase(names.get(0))) {
                    return fail("model_name '" + upstream.get("model_name") + "' and upstream_model '"
                            + upstream.get("upstream_model") + "' differ: the attested model is not the one the"
                            + " request was routed to");
                }
            }
            if (model == null) {
                if (names.isEmpty()) {
                    return fail("the attestation names no model (model, model_name, upstream_model): a substitution"
                            + " could not be detected");
                }
                if (!names.get(0).equalsIgnoreCase(requested)) {
                    return fail("the attestation is for model '" + names.get(0) + "', not the requested '"
                            + requested + "': a substituted model");
                }
            }
            return pass("the attestation is for the requested model '" + requested + "'"
                    + (names.isEmpty() ? "" : " (the upstream model " + names.get(0) + ")"));
        });
    }

    /**
     * Where the prompt is decrypted: the launch configurations served (the ACI evidence's, {@code info}'s, the
     * compose-manager's) decide, and any that states zero GPUs makes it a gateway.
     */
    private static EvidenceFacts.Decryption decryption(AttestationReport r) {
        Map<String, VmConfig> configs = new LinkedHashMap<>();
        r.aci().toOptional().flatMap(AciEnvelope::evidence).flatMap(e -> e.vmConfigValue())
                .ifPresent(v -> configs.put("attestation.evidence.vm_config", v));
        r.vmConfig().toOptional().ifPresent(v -> configs.put("info.vm_config", v));
        r.composeManager().toOptional().flatMap(ComposeManagerEvidence::vmConfig)
                .ifPresent(v -> configs.put("compose_manager_attestation.vm_config", v));
        EvidenceFacts.Decryption withGpus = null;
        for (Map.Entry<String, VmConfig> c : configs.entrySet()) {
            OptionalLong gpus = c.getValue().numGpus();
            if (gpus.isEmpty()) {
                continue;
            }
            if (gpus.getAsLong() == 0) {
                return new EvidenceFacts.Decryption(EvidenceFacts.Site.TEE_GATEWAY, gpus, c.getKey());
            }
            if (withGpus == null) {
                withGpus = new EvidenceFacts.Decryption(EvidenceFacts.Site.GPU_TD, gpus, c.getKey());
            }
        }
        return withGpus != null ? withGpus
                : new EvidenceFacts.Decryption(EvidenceFacts.Site.NOT_STATED, OptionalLong.empty(), "");
    }

}
