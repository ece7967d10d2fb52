package io.venice.e2ee.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The architecture rules across every module the CLI bundles. */
class ProjectArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        for (String pkg : new String[] {"io.venice.e2ee.spi", "io.venice.e2ee.crypto.bc", "io.venice.e2ee.crypto.jca",
                "io.venice.e2ee.cli"}) {
            assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
        }
        assertThat(classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.venice.e2ee.testing"))).isTrue();
    }

    @Test
    void spiUsesOnlyJava() {
        ArchitectureRules.SPI_USES_ONLY_JAVA.check(classes);
    }

    @Test
    void cryptoProvidersNeverDependOnEachOther() {
        ArchitectureRules.CRYPTO_PROVIDERS_INDEPENDENT.check(classes);
        ArchitectureRules.CRYPTO_PROVIDERS_STAY_LOW.check(classes);
    }

    @Test
    void libraryNeverPrintsOrExits() {
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }

    @Test
    void secureRandomOnly() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
    }
}
