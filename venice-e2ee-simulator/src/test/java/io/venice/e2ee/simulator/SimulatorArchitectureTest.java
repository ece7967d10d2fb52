package io.venice.e2ee.simulator;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules on the simulator's classes: the server side, written apart from the client. */
class SimulatorArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee.simulator", "io.venice.e2ee.envelope",
                "io.venice.e2ee.crypto.bc");
    }

    @Test
    void neverUsesTheClient() {
        ArchitectureRules.SIMULATOR_NEVER_SEES_THE_CLIENT.check(classes);
    }

    @Test
    void noPackageCyclesAndNoOtherModulesInternals() {
        ArchitectureRules.noPackageCyclesWithin("io.venice.e2ee.simulator..").check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void secureRandomOnlyAndNeverPrintsOrExits() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }
}
