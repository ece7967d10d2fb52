package io.venice.e2ee.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The architecture rules across every module the CLI bundles, and the CLI's own layers. */
class ProjectArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee.spi", "io.venice.e2ee.crypto",
                "io.venice.e2ee.envelope", "io.venice.e2ee.crypto.bc", "io.venice.e2ee.crypto.jca",
                "io.venice.e2ee.crypto.nativesecp", "io.venice.e2ee.attestation", "io.venice.e2ee.client",
                "io.venice.e2ee.chat", "io.venice.e2ee.sse", "io.venice.e2ee.signature", "io.venice.e2ee.protocol",
                "io.venice.e2ee.transport.jdk", "io.venice.e2ee.attestation.tdx", "io.venice.e2ee.attestation.dcap",
                "io.venice.e2ee.attestation.nvidia", "io.venice.e2ee.simulator",
                "io.venice.e2ee.cli");
        assertThat(classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.venice.e2ee.testing"))).isTrue();
    }

    @Test
    void apiUsesOnlyJavaInLayers() {
        ArchitectureRules.API_USES_ONLY_JAVA.check(classes);
        ArchitectureRules.SPI_USES_ONLY_JAVA.check(classes);
        ArchitectureRules.API_LAYERS.check(classes);
    }

    @Test
    void cryptoModulesSeeOnlyTheApiAndNeverEachOther() {
        ArchitectureRules.CRYPTO_PROVIDERS_INDEPENDENT.check(classes);
        ArchitectureRules.CRYPTO_MODULES_SEE_ONLY_THE_API.check(classes);
        ArchitectureRules.CRYPTO_PROVIDERS_OVER_ENGINES.check(classes);
        ArchitectureRules.CRYPTO_MODULES_EXPORT_ONLY_THEIR_PROVIDER.check(classes);
    }

    @Test
    void attestationAndClientInLayersOverTheApi() {
        ArchitectureRules.ATTESTATION_LAYERS.check(classes);
        ArchitectureRules.ATTESTATION_SEES_ONLY_THE_API_AND_JACKSON.check(classes);
        ArchitectureRules.CLIENT_LAYERS.check(classes);
        ArchitectureRules.CLIENT_SEES_ONLY_API_ATTESTATION_AND_JACKSON.check(classes);
    }

    @Test
    void transportsSeeOnlyTheApi() {
        ArchitectureRules.TRANSPORTS_SEE_ONLY_THE_API.check(classes);
    }

    @Test
    void theCliIsOnTopInLayersAndTheSimulatorApart() {
        ArchitectureRules.LIBRARY_NEVER_SEES_THE_CLI.check(classes);
        ArchitectureRules.ONLY_TOOLS_SEE_THE_SIMULATOR.check(classes);
        ArchitectureRules.SIMULATOR_NEVER_SEES_THE_CLIENT.check(classes);
        ArchitectureRules.CLI_LAYERS.check(classes);
        ArchitectureRules.CLI_COMMANDS_INDEPENDENT.check(classes);
    }

    @Test
    void noPackageCyclesAndNoOtherModulesInternals() {
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void keyMaterialOutputAndTime() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
        ArchitectureRules.VERIFICATION_NEVER_READS_THE_CLOCK.check(classes);
    }
}
