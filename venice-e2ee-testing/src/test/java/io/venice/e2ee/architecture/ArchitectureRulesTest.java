package io.venice.e2ee.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules written for this project catch what they name, on fixtures built to break them. */
class ArchitectureRulesTest {
    private static final String FIXTURE = "io.venice.e2ee.architecture.fixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aPackageCycleIsRefusedAndScopingLeavesItOut() {
        EvaluationResult all = ArchitectureRules.noPackageCyclesWithin(FIXTURE + "..").evaluate(FIXTURES);
        assertThat(all.hasViolation()).isTrue();
        assertThat(all.getFailureReport().toString()).contains("cycle.a").contains("cycle.b");
        EvaluationResult oneSide = ArchitectureRules.noPackageCyclesWithin(FIXTURE + ".cycle.a..", FIXTURE + ".moda..")
                .evaluate(FIXTURES);
        assertThat(oneSide.hasViolation()).as("only one package of the cycle is in scope").isFalse();
    }

    @Test
    void anotherModulesInternalsAreRefusedUnlessDocumented() {
        EvaluationResult result = ArchitectureRules.internalsStayInTheirModule().evaluate(FIXTURES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("Intruder").contains("is internal to " + FIXTURE + ".moda");
        assertThat(ArchitectureRules.internalsStayInTheirModule(FIXTURE + ".modb -> " + FIXTURE + ".moda.internal")
                .evaluate(FIXTURES).hasViolation()).as("a documented exception").isFalse();
        assertThatThrownBy(() -> ArchitectureRules.internalsStayInTheirModule("no arrow"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requirePackagesRefusesAnImportWithoutThem() {
        ArchitectureRules.requirePackages(FIXTURES, FIXTURE + ".moda", FIXTURE + ".cycle.b");
        assertThatThrownBy(() -> ArchitectureRules.requirePackages(FIXTURES, FIXTURE + ".absent"))
                .isInstanceOf(AssertionError.class).hasMessageContaining(FIXTURE + ".absent");
        assertThatThrownBy(() -> ArchitectureRules.requirePackages(new ClassFileImporter().importPackages("no.such")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("imported 0 classes");
    }
}
