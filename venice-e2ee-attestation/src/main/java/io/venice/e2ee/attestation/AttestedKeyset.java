package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.aci.WorkloadKeyset;

import java.time.Instant;
import java.util.Objects;

/**
 * A workload keyset whose keys are attested: only {@link AciGatewayVerification} makes one, after the gateway's own
 * ACI attestation passed with our nonce (its quote genuine at the policy's level, its REPORTDATA the statement of this
 * keyset and that nonce). Receipts signed by one of its keys are tied to the enclave; the keyset Venice relays is not
 * such a keyset until it matches one of these. Immutable.
 */
public final class AttestedKeyset {
    private final WorkloadKeyset keyset;
    private final Instant verifiedAt;
    private final VerificationPolicy.Level level;

    AttestedKeyset(WorkloadKeyset keyset, Instant verifiedAt, VerificationPolicy.Level level) {
        this.keyset = Objects.requireNonNull(keyset, "keyset");
        this.verifiedAt = Objects.requireNonNull(verifiedAt, "verifiedAt");
        this.level = Objects.requireNonNull(level, "level");
    }

    /** The keyset. */
    public WorkloadKeyset keyset() {
        return keyset;
    }

    /** Its digest, {@code sha256:} and 64 hex digits. */
    public String digest() {
        return keyset.digest();
    }

    /** The time the gateway's attestation was verified at. */
    public Instant verifiedAt() {
        return verifiedAt;
    }

    /** The level the gateway's quote was verified at. */
    public VerificationPolicy.Level level() {
        return level;
    }

    @Override
    public String toString() {
        return "AttestedKeyset[" + digest() + ", verified at " + verifiedAt + ", level " + level.label() + "]";
    }
}
