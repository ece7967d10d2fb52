package io.venice.e2ee.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rules on the api module's classes. They run here because the api cannot depend on the testing
 * kit; this module's class path holds the api and nothing else of the project.
 */
class ApiArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee", "io.venice.e2ee.spi", "io.venice.e2ee.crypto",
                "io.venice.e2ee.envelope", "io.venice.e2ee.transport");
        assertThat(classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.venice.e2ee.testing"))).isTrue();
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith("io.venice.e2ee.crypto.")))
                .as("no provider module on this class path: the checks see the api alone").isEmpty();
    }

    @Test
    void apiUsesOnlyJava() {
        ArchitectureRules.API_USES_ONLY_JAVA.check(classes);
        ArchitectureRules.SPI_USES_ONLY_JAVA.check(classes);
    }

    @Test
    void apiLayersAndNoPackageCycles() {
        ArchitectureRules.API_LAYERS.check(classes);
        ArchitectureRules.noPackageCyclesWithin(ArchitectureRules.API_PACKAGES).check(classes);
    }

    @Test
    void internalsStayInTheirModule() {
        ArchitectureRules.internalsStayInTheirModule().check(classes);
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
