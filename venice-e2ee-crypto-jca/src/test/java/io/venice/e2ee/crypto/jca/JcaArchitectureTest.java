package io.venice.e2ee.crypto.jca;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules on the JCA crypto module's classes: the api and its engine only, the provider on top. */
class JcaArchitectureTest {
    private static final String MODULE = "io.venice.e2ee.crypto.jca";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, MODULE, "io.venice.e2ee.spi", "io.venice.e2ee.crypto");
    }

    @Test
    void dependsOnlyOnTheApiAndItsEngine() {
        // its engine is the JDK: the JCA, and HotSpot's diagnostic bean to tell whether AES-GCM runs on intrinsics
        ArchitectureRules.cryptoModuleDependsOnlyOn(MODULE, "com.sun.management..").check(classes);
        ArchitectureRules.CRYPTO_MODULES_SEE_ONLY_THE_API.check(classes);
    }

    @Test
    void theProviderIsOverTheEnginesAndTheOnlyPublicType() {
        ArchitectureRules.CRYPTO_PROVIDERS_OVER_ENGINES.check(classes);
        ArchitectureRules.CRYPTO_MODULES_EXPORT_ONLY_THEIR_PROVIDER.check(classes);
    }

    @Test
    void noPackageCyclesAndNoOtherModulesInternals() {
        ArchitectureRules.noPackageCyclesWithin(MODULE + "..").check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void secureRandomOnlyAndNeverPrintsOrExits() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }
}
