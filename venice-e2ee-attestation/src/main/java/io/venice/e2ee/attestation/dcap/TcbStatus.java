package io.venice.e2ee.attestation.dcap;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The TCB status of a platform (with its TDX module and quoting enclave) under Intel's rules: the seven statuses
 * Intel's collateral assigns to levels, the two a TD 1.5 relaunch gives, and "not supported" for a platform below
 * every level Intel lists. {@link #REVOKED} and {@link #NOT_SUPPORTED} are never acceptable, whatever a policy says.
 */
public enum TcbStatus {
    /** Every component is at the latest security level. */
    UP_TO_DATE("UpToDate", true),
    /** Up to date, but software mitigations are needed for published advisories. */
    SW_HARDENING_NEEDED("SWHardeningNeeded", true),
    /** Up to date, but the platform configuration needs changes for published advisories. */
    CONFIGURATION_NEEDED("ConfigurationNeeded", true),
    /** Both configuration changes and software mitigations are needed. */
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded", true),
    /** A newer security level exists: the platform has known, fixed vulnerabilities. */
    OUT_OF_DATE("OutOfDate", true),
    /** Out of date, and configuration changes are needed too. */
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded", true),
    /** The platform's keys or TCB level have been revoked: never acceptable. */
    REVOKED("Revoked", true),
    /**
     * TD 1.5: out of date only because the TD was launched before a TDX module update the platform has since taken;
     * relaunching the TD brings it up to date (Intel's TDRelaunchCheck).
     */
    TD_RELAUNCH_ADVISED("TDRelaunchAdvised", false),
    /** TD 1.5: relaunch advised, and configuration changes are needed too. */
    TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED("TDRelaunchAdvisedConfigurationNeeded", false),
    /**
     * The platform, its TDX module or its quoting enclave is below every TCB level Intel lists (Intel's
     * {@code STATUS_TCB_NOT_SUPPORTED}): never acceptable.
     */
    NOT_SUPPORTED("TcbNotSupported", false);

    private final String intelName;
    private final boolean inCollateral;

    TcbStatus(String intelName, boolean inCollateral) {
        this.intelName = intelName;
        this.inCollateral = inCollateral;
    }

    /** The name Intel uses, e.g. {@code UpToDate}. */
    public String intelName() {
        return intelName;
    }

    /** Whether a policy may accept this status at all: every status but {@link #REVOKED} and {@link #NOT_SUPPORTED}. */
    public boolean acceptable() {
        return this != REVOKED && this != NOT_SUPPORTED;
    }

    /** Whether configuration changes are part of this status (Intel's {@code isConfigurationNeeded}). */
    public boolean configurationNeeded() {
        return this == CONFIGURATION_NEEDED || this == OUT_OF_DATE_CONFIGURATION_NEEDED
                || this == CONFIGURATION_AND_SW_HARDENING_NEEDED || this == TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
    }

    /** The status named {@code name} as Intel's collateral spells it, if it is one collateral can carry. */
    public static Optional<TcbStatus> fromIntelName(String name) {
        for (TcbStatus s : values()) {
            if (s.inCollateral && s.intelName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The statuses a TCB info level may carry. */
    static Set<TcbStatus> collateralStatuses() {
        Set<TcbStatus> out = EnumSet.noneOf(TcbStatus.class);
        for (TcbStatus s : values()) {
            if (s.inCollateral) {
                out.add(s);
            }
        }
        return out;
    }
}
