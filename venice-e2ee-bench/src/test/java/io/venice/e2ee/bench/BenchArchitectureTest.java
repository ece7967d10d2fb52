package io.venice.e2ee.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules on the bench: nothing depends on it, and its inputs come from SecureRandom too. */
class BenchArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee.bench", "io.venice.e2ee.client",
                "io.venice.e2ee.simulator");
    }

    @Test
    void nothingDependsOnTheBench() {
        ArchitectureRules.NOTHING_SEES_THE_BENCH.check(classes);
    }

    @Test
    void noPackageCyclesAndNoOtherModulesInternals() {
        ArchitectureRules.noPackageCyclesWithin("io.venice.e2ee.bench..").check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void secureRandomOnly() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
    }
}
