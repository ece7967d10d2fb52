package io.venice.e2ee.springai;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The architecture rules on this module's own classes. */
class SpringAiArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.venice.e2ee.springai");
        assertThat(classes.contain(VeniceE2eeChatModel.class)).isTrue();
    }

    @Test
    void libraryNeverPrintsOrExits() {
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }

    @Test
    void secureRandomOnly() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
    }

    @Test
    void neverDependsOnTheSimulatorOrTheCli() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.venice.e2ee.simulator..",
                "io.venice.e2ee.cli..").check(classes);
    }
}
