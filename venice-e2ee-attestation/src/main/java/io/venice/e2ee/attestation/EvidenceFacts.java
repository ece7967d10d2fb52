package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.compose.ActionsHash;
import io.venice.e2ee.attestation.compose.ComposeAction;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the verified evidence says beyond pass and fail, for a client or a person to print: where a prompt is
 * decrypted, the compose-manager's deployment actions, what the quote binds in an ACI envelope, and whether the OHTTP
 * key is bound by the quote. Each part is present only when the evidence served what it describes and the check that
 * reads it ran. Immutable.
 */
public final class EvidenceFacts {
    private static final EvidenceFacts NONE = new Builder().build();

    /** Where the prompt is decrypted, as far as the evidence says. */
    public enum Site {
        /** Inside the attested TD, which was launched with GPUs: the prompt is decrypted next to them. */
        GPU_TD,
        /**
         * In a TEE gateway launched without GPUs ({@code vm_config.num_gpus} 0) that forwards upstream: end to end to
         * the gateway, not to the GPU; any GPU evidence is the upstream's and nothing binds it to this TD.
         */
        TEE_GATEWAY,
        /** The evidence serves no {@code vm_config}, so it does not say whether the attested TD holds the GPUs. */
        NOT_STATED
    }

    /**
     * Where the prompt is decrypted.
     *
     * @param site   the kind of place
     * @param gpus   the GPU count the launch configuration states
     * @param source the evidence field that says so ({@code info.vm_config}, ...), empty for {@link Site#NOT_STATED}
     */
    public record Decryption(Site site, OptionalLong gpus, String source) {
        /** Validates the parts. */
        public Decryption {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(gpus, "gpus");
            Objects.requireNonNull(source, "source");
        }

        /** One sentence for people. */
        public String describe() {
            return switch (site) {
                case GPU_TD -> "decrypted inside the attested TD, which was launched with " + gpus.orElse(0)
                        + " GPUs (" + source + ")";
                case TEE_GATEWAY -> "decrypted in a TEE gateway that forwards upstream (" + source + " num_gpus 0):"
                        + " end to end to the gateway, not to the GPU";
                case NOT_STATED -> "the evidence does not say whether the attested TD holds the GPUs (no vm_config)";
            };
        }
    }

    /**
     * The compose-manager's record of deployment actions.
     *
     * @param actions      every action, in the order served
     * @param matchedForms the {@code actions_hash} forms that reproduce the served hash (empty when none did)
     */
    public record ComposeManager(List<ComposeAction> actions, List<ActionsHash.Form> matchedForms) {
        /** Copies the lists. */
        public ComposeManager {
            actions = List.copyOf(actions);
            matchedForms = List.copyOf(matchedForms);
        }
    }

    /** Whether the quote binds a key that signs something else (the OHTTP key configuration, an ACI keyset). */
    public enum Binding {
        /** The quote's REPORTDATA binds it. */
        BOUND_BY_QUOTE,
        /** The quote binds another key: nothing attested says this key belongs to the enclave. */
        NOT_BOUND
    }

    /**
     * The OHTTP key configuration's signature.
     *
     * @param signingKey     the Ed25519 key that signed, lower-case hex
     * @param signatureValid whether the signature verifies over the raw key configuration
     * @param binding        whether the quote binds {@code signingKey}
     * @param why            one sentence saying what the quote binds instead, or how it binds this key
     */
    public record Ohttp(String signingKey, boolean signatureValid, Binding binding, String why) {
    }

    /**
     * What an ACI ({@code aci/1}) envelope in the attestation response binds.
     *
     * @param generation      {@code earlier} (workload_id, keyset_epoch) or {@code current} (keyset not_after)
     * @param keysetDigest    the keyset digest recomputed from the keyset served
     * @param u64Repaired     whether a u64::MAX rounded by a JavaScript relay was repaired before hashing
     * @param quoteBinds      what this response's quote binds
     * @param keysetAttested  false here: the keyset is attested only by the gateway's own ACI attestation verified
     *                        with our nonce
     */
    public record Aci(String generation, String keysetDigest, boolean u64Repaired, String quoteBinds,
                      boolean keysetAttested) {
    }

    private final Decryption decryption;
    private final ComposeManager composeManager;
    private final Ohttp ohttp;
    private final Aci aci;

    private EvidenceFacts(Builder b) {
        this.decryption = b.decryption == null ? new Decryption(Site.NOT_STATED, OptionalLong.empty(), "")
                : b.decryption;
        this.composeManager = b.composeManager;
        this.ohttp = b.ohttp;
        this.aci = b.aci;
    }

    /** Facts of a verification that found none. */
    public static EvidenceFacts none() {
        return NONE;
    }

    /** Where the prompt is decrypted ({@link Site#NOT_STATED} when no check could tell). */
    public Decryption decryption() {
        return decryption;
    }

    /** The compose-manager's deployment actions, when served. */
    public Optional<ComposeManager> composeManager() {
        return Optional.ofNullable(composeManager);
    }

    /** The OHTTP key configuration's signature and binding, when served. */
    public Optional<Ohttp> ohttp() {
        return Optional.ofNullable(ohttp);
    }

    /** What an ACI envelope's quote binds, when the response is one. */
    public Optional<Aci> aci() {
        return Optional.ofNullable(aci);
    }

    /** Collects facts during one verification. */
    static final class Builder {
        private Decryption decryption;
        private ComposeManager composeManager;
        private Ohttp ohttp;
        private Aci aci;

        Builder decryption(Decryption d) {
            this.decryption = d;
            return this;
        }

        Builder composeManager(ComposeManager c) {
            this.composeManager = c;
            return this;
        }

        Builder ohttp(Ohttp o) {
            this.ohttp = o;
            return this;
        }

        Builder aci(Aci a) {
            this.aci = a;
            return this;
        }

        EvidenceFacts build() {
            return new EvidenceFacts(this);
        }
    }
}
