package io.venice.e2ee.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules on the client module: the {@code client} facade over the chat pipeline, the SSE decoder,
 * response signatures, the JDK transport and the protocol errors, one way; nothing but the api, attestation and
 * Jackson beneath it; never the simulator or the CLI.
 */
class ClientArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee.client", "io.venice.e2ee.chat",
                "io.venice.e2ee.sse", "io.venice.e2ee.signature", "io.venice.e2ee.protocol",
                "io.venice.e2ee.transport.jdk", "io.venice.e2ee.attestation");
    }

    @Test
    void packagesAreFreeOfCycles() {
        ArchitectureRules.noPackageCyclesWithin(ArchitectureRules.CLIENT_PACKAGES).check(classes);
    }

    @Test
    void theFacadeSitsOverThePiecesInLayers() {
        ArchitectureRules.CLIENT_LAYERS.check(classes);
    }

    @Test
    void seesOnlyTheApiAttestationAndJackson() {
        ArchitectureRules.CLIENT_SEES_ONLY_API_ATTESTATION_AND_JACKSON.check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void neverSeesTheSimulatorOrTheCli() {
        ArchitectureRules.ONLY_TOOLS_SEE_THE_SIMULATOR.check(classes);
        ArchitectureRules.LIBRARY_NEVER_SEES_THE_CLI.check(classes);
        ArchitectureRules.NOTHING_SEES_THE_BENCH.check(classes);
    }

    @Test
    void theJdkTransportSeesOnlyTheApi() {
        ArchitectureRules.TRANSPORTS_SEE_ONLY_THE_API.check(classes);
        ArchitectureRules.transportsDependOnlyOn().check(classes);
    }

    @Test
    void secureRandomOnlyNeverPrintsOrExitsAndVerificationNeverReadsTheClock() {
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
        ArchitectureRules.VERIFICATION_NEVER_READS_THE_CLOCK.check(classes);
    }
}
