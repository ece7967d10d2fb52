package io.venice.e2ee.attestation.dcap;

import java.util.Optional;

/** The TCB status Intel assigns to a platform (and its quoting enclave) in the collateral. */
public enum TcbStatus {
    /** Every component is at the latest security level. */
    UP_TO_DATE("UpToDate"),
    /** Up to date, but software mitigations are needed for published advisories. */
    SW_HARDENING_NEEDED("SWHardeningNeeded"),
    /** Up to date, but the platform configuration needs changes for published advisories. */
    CONFIGURATION_NEEDED("ConfigurationNeeded"),
    /** Both configuration changes and software mitigations are needed. */
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
    /** A newer security level exists: the platform has known, fixed vulnerabilities. */
    OUT_OF_DATE("OutOfDate"),
    /** Out of date, and configuration changes are needed too. */
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
    /** The platform's keys or TCB level have been revoked. */
    REVOKED("Revoked");

    private final String intelName;

    TcbStatus(String intelName) {
        this.intelName = intelName;
    }

    /** The name Intel uses in its collateral, e.g. {@code UpToDate}. */
    public String intelName() {
        return intelName;
    }

    /** The status named {@code name} as Intel spells it, if known. */
    public static Optional<TcbStatus> fromIntelName(String name) {
        for (TcbStatus s : values()) {
            if (s.intelName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
