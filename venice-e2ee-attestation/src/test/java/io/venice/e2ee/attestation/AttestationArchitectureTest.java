package io.venice.e2ee.attestation;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules on the attestation module: its packages depend on each other one way only (the parsers
 * below, the verification facade on top), it sees nothing but the api and Jackson, and verification takes its time
 * as a parameter so evidence can be re-checked later.
 */
class AttestationArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee.attestation", "io.venice.e2ee.attestation.error",
                "io.venice.e2ee.attestation.internal", "io.venice.e2ee.attestation.json",
                "io.venice.e2ee.attestation.pki", "io.venice.e2ee.attestation.tdx", "io.venice.e2ee.attestation.dcap",
                "io.venice.e2ee.attestation.nvidia");
    }

    @Test
    void packagesAreFreeOfCyclesTheFacadeIncluded() {
        ArchitectureRules.noPackageCyclesWithin(ArchitectureRules.ATTESTATION_PACKAGES).check(classes);
    }

    @Test
    void parsersSitUnderTheFacadeInLayers() {
        ArchitectureRules.ATTESTATION_LAYERS.check(classes);
    }

    @Test
    void seesOnlyTheApiAndJacksonAndNoOtherModulesInternals() {
        ArchitectureRules.ATTESTATION_SEES_ONLY_THE_API_AND_JACKSON.check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
        ArchitectureRules.LIBRARY_NEVER_SEES_THE_CLI.check(classes);
        ArchitectureRules.ONLY_TOOLS_SEE_THE_SIMULATOR.check(classes);
    }

    @Test
    void verificationNeverReadsTheClock() {
        ArchitectureRules.VERIFICATION_NEVER_READS_THE_CLOCK.check(classes);
    }

    @Test
    void secureRandomOnlyAndNeverPrintsOrExits() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }
}
