package io.venice.e2ee.attestation;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The attestation module's own rules: its packages depend on each other one way only (the parsers below, the
 * verification facade on top), and verification takes its time as a parameter so evidence can be re-checked later.
 */
class AttestationArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.venice.e2ee.attestation");

    @Test
    void subPackagesAreFreeOfCycles() {
        slices().matching("io.venice.e2ee.attestation.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCyclesWithTheFacadeIncluded() {
        // "attestation.(**)" leaves out the facade package itself, the one the old cycles ran through
        SliceAssignment byPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().startsWith("io.venice.e2ee.attestation")
                        ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "each package of io.venice.e2ee.attestation";
            }
        };
        slices().assignedFrom(byPackage).should().beFreeOfCycles()
                .because("each package builds on the ones below it: error, internal, jcs, ed25519, pki, tdx, dcap,"
                        + " nvidia, dstack, compose, ohttp, aci, receipt, then the verification facade")
                .check(CLASSES);
    }

    @Test
    void parsersNeverSeeTheVerificationFacade() {
        ArchRule rule = noClasses().that().resideInAnyPackage("io.venice.e2ee.attestation.error..",
                        "io.venice.e2ee.attestation.internal..", "io.venice.e2ee.attestation.pki..",
                        "io.venice.e2ee.attestation.tdx..", "io.venice.e2ee.attestation.dcap..",
                        "io.venice.e2ee.attestation.nvidia..", "io.venice.e2ee.attestation.jcs..",
                        "io.venice.e2ee.attestation.ed25519..", "io.venice.e2ee.attestation.dstack..",
                        "io.venice.e2ee.attestation.compose..", "io.venice.e2ee.attestation.ohttp..",
                        "io.venice.e2ee.attestation.aci..", "io.venice.e2ee.attestation.receipt..")
                .should().dependOnClassesThat().resideInAPackage("io.venice.e2ee.attestation")
                .because("the verification input, context and policy are the facade's; parsers only parse");
        rule.check(CLASSES);
    }

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
