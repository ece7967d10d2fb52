package io.venice.e2ee.attestation;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Verification takes its time as a parameter so evidence can be re-checked later: no clock anywhere in it. */
class AttestationArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.venice.e2ee.attestation");

    @Test
    void verificationNeverReadsTheClock() {
        ArchRule rule = noClasses().that().resideInAPackage("io.venice.e2ee.attestation..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callConstructor(java.util.Date.class)
                .because("the verification time is a parameter (VerificationContext.at)");
        rule.check(CLASSES);
    }
}
