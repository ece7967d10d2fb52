package io.venice.e2ee.crypto.bc;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules on the BouncyCastle crypto module's classes: the api and its engine only, the provider on top. */
class BcArchitectureTest {
    private static final String MODULE = "io.venice.e2ee.crypto.bc";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, MODULE, "io.venice.e2ee.spi", "io.venice.e2ee.crypto");
    }

    @Test
    void dependsOnlyOnTheApiAndItsEngine() {
        ArchitectureRules.cryptoModuleDependsOnlyOn(MODULE, "org.bouncycastle..").check(classes);
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
