package io.venice.e2ee.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The architecture rules on the api module's own classes. */
class ApiArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        assertThat(classes.containPackage("io.venice.e2ee.spi")).isTrue();
        assertThat(classes.containPackage("io.venice.e2ee.envelope")).isTrue();
        assertThat(classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.venice.e2ee.testing"))).isTrue();
    }

    @Test
    void spiUsesOnlyJava() {
        ArchitectureRules.SPI_USES_ONLY_JAVA.check(classes);
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
