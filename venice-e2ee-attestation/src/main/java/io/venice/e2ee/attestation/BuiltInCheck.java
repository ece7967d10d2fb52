package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.VerificationPolicy.Level;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every check this library runs itself: its stable id, the level it is checked from, and when it must pass. This is
 * the one table the checks, the levels' required sets ({@link Level#requiredChecks()}) and the report's verdict all
 * read; extensions may add checks beside these, never report one of these ids.
 */
public enum BuiltInCheck {
    /** The server's own verdict ({@code verified: true}); shown, never trusted alone. */
    SERVER_VERIFIED("server.verified", Level.BASIC, Requirement.ALWAYS),
    /** Every echoed nonce is the one we sent. */
    NONCE_ECHO("nonce.echo", Level.BASIC, Requirement.ALWAYS),
    /** The signing key is a point on secp256k1. */
    KEY_PRESENT("key.present", Level.BASIC, Requirement.ALWAYS),
    /** The signing key's address is {@code signing_address}. */
    KEY_ADDRESS("key.address", Level.BASIC, Requirement.ALWAYS),
    /** The Intel TDX quote parses. */
    TDX_QUOTE_PARSE("tdx.quote.parse", Level.TDX, Requirement.ALWAYS),
    /** The PCK certificate chain validates to the Intel SGX Root CA. */
    TDX_PCK_CHAIN("tdx.pck.chain", Level.DCAP, Requirement.ALWAYS),
    /** The quoting enclave's report is signed by the PCK key. */
    TDX_QE_SIGNATURE("tdx.qe.signature", Level.DCAP, Requirement.ALWAYS),
    /** The quoting enclave's report data binds the attestation key. */
    TDX_QE_REPORTDATA("tdx.qe.reportdata", Level.DCAP, Requirement.ALWAYS),
    /** The quote header and TD report are signed by the attestation key. */
    TDX_QUOTE_SIGNATURE("tdx.quote.signature", Level.DCAP, Requirement.ALWAYS),
    /** The TD is not a debug TD. */
    TDX_DEBUG("tdx.debug", Level.TDX, Requirement.ALWAYS),
    /** REPORTDATA binds the signing key's address. */
    TDX_REPORTDATA_ADDRESS("tdx.reportdata.address", Level.TDX, Requirement.ALWAYS),
    /** REPORTDATA binds our nonce. */
    TDX_REPORTDATA_NONCE("tdx.reportdata.nonce", Level.TDX, Requirement.ALWAYS),
    /** Intel's collateral is signed, current and revokes nothing in the PCK chain. */
    TDX_COLLATERAL_SIGNATURES("tdx.collateral.signatures", Level.FULL, Requirement.ALWAYS),
    /** The platform's TCB status under Intel's collateral is accepted by the policy. */
    TDX_TCB_STATUS("tdx.tcb.status", Level.FULL, Requirement.ALWAYS),
    /** The measurements are in the policy's allow-lists. */
    TDX_MEASUREMENTS_POLICY("tdx.measurements.policy", Level.TDX, Requirement.WHEN_ALLOW_LISTED),
    /** Replaying the served event log reproduces RTMR0..3. */
    TDX_EVENTLOG_RTMR("tdx.eventlog.rtmr", Level.TDX, Requirement.WHEN_SERVED),
    /** MRCONFIGID is {@code 01 ‖ SHA-256(app_compose)}. */
    TDX_COMPOSE_HASH("tdx.compose.hash", Level.TDX, Requirement.WHEN_SERVED),
    /** Every GPU's certificate chain validates to the NVIDIA Device Identity CA. */
    NVIDIA_CERT_CHAIN("nvidia.cert.chain", Level.DCAP, Requirement.UNLESS_GPU_OPTIONAL),
    /** Every GPU's SPDM evidence is signed by its device key. */
    NVIDIA_EVIDENCE_SIGNATURE("nvidia.evidence.signature", Level.DCAP, Requirement.UNLESS_GPU_OPTIONAL),
    /** The GPU payload and every signed GPU evidence request carry our nonce. */
    NVIDIA_NONCE("nvidia.nonce", Level.DCAP, Requirement.UNLESS_GPU_OPTIONAL),
    /** NVIDIA's remote attestation answer verifies against its key set. */
    NVIDIA_NRAS_JWT("nvidia.nras.jwt", Level.FULL, Requirement.UNLESS_GPU_OPTIONAL),
    /** The compose-manager's quote passes the model quote's TDX checks at the policy's level. */
    COMPOSE_QUOTE("compose.quote", Level.TDX, Requirement.WHEN_COMPOSE_MANAGER_REQUIRED),
    /** The compose-manager's quote comes from the same TD as the model quote (every TD report field but REPORTDATA). */
    COMPOSE_SAME_TD("compose.same_td", Level.TDX, Requirement.WHEN_COMPOSE_MANAGER_REQUIRED),
    /** The compose-manager's REPORTDATA is {@code actions_hash ‖ our nonce}. */
    COMPOSE_REPORTDATA("compose.reportdata", Level.TDX, Requirement.WHEN_COMPOSE_MANAGER_REQUIRED),
    /** {@code actions_hash} is the SHA-256 of the served actions in one of the forms seen in real evidence. */
    COMPOSE_ACTIONS_HASH("compose.actions_hash", Level.TDX, Requirement.WHEN_COMPOSE_MANAGER_REQUIRED),
    /** Replaying the compose-manager's event log reproduces its quote's RTMR0..3. */
    COMPOSE_EVENTLOG("compose.eventlog", Level.TDX, Requirement.WHEN_COMPOSE_MANAGER_REQUIRED),
    /** {@code ohttp_attestation} is an Ed25519 signature of the raw OHTTP key configuration by its signing key. */
    OHTTP_SIGNATURE("ohttp.signature", Level.BASIC, Requirement.WHEN_SERVED),
    /** An ACI envelope's {@code workload_keyset_digest} is the digest of its keyset. */
    ACI_KEYSET_DIGEST("aci.keyset.digest", Level.BASIC, Requirement.WHEN_SERVED),
    /** An ACI envelope's quote is the verified quote, and its {@code report_data} the quote's REPORTDATA. */
    ACI_QUOTE_BINDING("aci.quote.binding", Level.TDX, Requirement.WHEN_SERVED),
    /** Every model the evidence names is the model requested (no substitution). */
    MODEL_MATCH("model.match", Level.BASIC, Requirement.WHEN_SERVED),
    /**
     * A gateway's own ACI attestation parses. This and the other {@code aci.gateway.*} checks are run by
     * {@link AciGatewayVerification} only, never on an attestation response.
     */
    ACI_GATEWAY_ENVELOPE("aci.gateway.envelope", Level.BASIC, Requirement.WHEN_SERVED),
    /** The gateway's {@code workload_keyset_digest} is the digest of its keyset. */
    ACI_GATEWAY_KEYSET_DIGEST("aci.gateway.keyset.digest", Level.BASIC, Requirement.WHEN_SERVED),
    /** The earlier form's {@code workload_id} is the digest of its identity key. */
    ACI_GATEWAY_WORKLOAD_ID("aci.gateway.workload_id", Level.BASIC, Requirement.WHEN_SERVED),
    /** The gateway's REPORTDATA is {@code SHA-256(statement of its keyset with our nonce) ‖ 0³²}. */
    ACI_GATEWAY_REPORTDATA("aci.gateway.reportdata", Level.TDX, Requirement.WHEN_SERVED),
    /** The gateway's keyset is not past its {@code not_after}. */
    ACI_GATEWAY_KEYSET_EXPIRY("aci.gateway.keyset.expiry", Level.BASIC, Requirement.WHEN_SERVED),
    /** The gateway's keyset is the one Venice relayed. */
    ACI_GATEWAY_KEYSET_MATCH("aci.gateway.keyset.match", Level.BASIC, Requirement.WHEN_SERVED),
    /** The earlier form's keyset endorsement is its identity key's signature. */
    ACI_GATEWAY_ENDORSEMENT("aci.gateway.endorsement", Level.BASIC, Requirement.WHEN_SERVED);

    /** When a check that runs at a level must also pass for the verdict to be passed. */
    public enum Requirement {
        /** From its level on. */
        ALWAYS,
        /** From its level on, unless the policy makes GPU evidence optional ({@code requireGpuEvidence(false)}). */
        UNLESS_GPU_OPTIONAL,
        /** From its level on, when the policy configures allow-lists of measurements. */
        WHEN_ALLOW_LISTED,
        /**
         * Never required: it runs when its input is there (the evidence carries an event log, an app compose, an
         * OHTTP signature, an ACI envelope; the context names the requested model) and is skipped otherwise; when it
         * runs and fails, the verdict fails.
         */
        WHEN_SERVED,
        /**
         * From its level on when the policy requires compose-manager evidence
         * ({@code requireComposeManagerEvidence(true)}); otherwise as {@link #WHEN_SERVED}: it runs when
         * {@code compose_manager_attestation} is served, so a backend that never serves it is not failed for that.
         */
        WHEN_COMPOSE_MANAGER_REQUIRED
    }

    private static final Map<Level, Set<String>> REQUIRED_BY_LEVEL = requiredByLevel();

    private final String id;
    private final Level level;
    private final Requirement requirement;

    BuiltInCheck(String id, Level level, Requirement requirement) {
        this.id = id;
        this.level = level;
        this.requirement = requirement;
    }

    /** The stable id, e.g. {@code tdx.debug}. */
    public String id() {
        return id;
    }

    /** The level it is checked from; below it the check is reported skipped. */
    public Level level() {
        return level;
    }

    /** When it must pass. */
    public Requirement requirement() {
        return requirement;
    }

    /** Whether {@code policy} requires this check to run and pass. */
    public boolean requiredBy(VerificationPolicy policy) {
        if (!policy.level().includes(level)) {
            return false;
        }
        return switch (requirement) {
            case ALWAYS -> true;
            case UNLESS_GPU_OPTIONAL -> policy.requireGpuEvidence();
            case WHEN_ALLOW_LISTED -> policy.hasExpectedMeasurements();
            case WHEN_SERVED -> false;
            case WHEN_COMPOSE_MANAGER_REQUIRED -> policy.requireComposeManagerEvidence();
        };
    }

    /** The built-in check with {@code id}, if there is one. */
    public static Optional<BuiltInCheck> byId(String id) {
        for (BuiltInCheck c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The ids {@code level} requires under the default policy's options, in this table's order. */
    static Set<String> requiredAt(Level level) {
        return REQUIRED_BY_LEVEL.get(level);
    }

    private static Map<Level, Set<String>> requiredByLevel() {
        Map<Level, Set<String>> out = new EnumMap<>(Level.class);
        for (Level l : Level.values()) {
            Set<String> ids = new LinkedHashSet<>();
            for (BuiltInCheck c : values()) {
                if (l.includes(c.level) && (c.requirement == Requirement.ALWAYS
                        || c.requirement == Requirement.UNLESS_GPU_OPTIONAL)) {
                    ids.add(c.id);
                }
            }
            out.put(l, Collections.unmodifiableSet(ids));
        }
        return out;
    }

    @Override
    public String toString() {
        return id;
    }
}
