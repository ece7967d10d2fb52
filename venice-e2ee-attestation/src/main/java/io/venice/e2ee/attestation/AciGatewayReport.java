package io.venice.e2ee.attestation;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying a gateway's own ACI attestation: the report of every check (the {@code tdx.*} checks of its
 * quote and the {@code aci.gateway.*} checks), and the attested keyset when it passed. Immutable.
 */
public final class AciGatewayReport {
    private final VerificationReport report;
    private final AttestedKeyset keyset;

    AciGatewayReport(VerificationReport report, AttestedKeyset keyset) {
        this.report = Objects.requireNonNull(report, "report");
        this.keyset = keyset;
    }

    /** Every check, the verdict, the quote's measurements and the facts. */
    public VerificationReport report() {
        return report;
    }

    /** Whether the gateway's attestation passed: its keyset is then attested. */
    public boolean passed() {
        return keyset != null;
    }

    /** The attested keyset, present only when the attestation passed. */
    public Optional<AttestedKeyset> attestedKeyset() {
        return Optional.ofNullable(keyset);
    }

    @Override
    public String toString() {
        return report.summary();
    }
}
