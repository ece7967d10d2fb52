package io.venice.e2ee.transport.vertx;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rules on the Vert.x module's classes: {@link VertxTransport} below the facade, seeing only the
 * Transport SPI and Vert.x; {@link VertxVeniceClient} over the client.
 */
class VertxArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, "io.venice.e2ee.transport.vertx", "io.venice.e2ee.spi",
                "io.venice.e2ee.client");
        assertThat(classes.get(VertxTransport.class).isAssignableTo(Transport.class))
                .as("the transport rules have a Vert.x transport to look at").isTrue();
    }

    @Test
    void theTransportSeesOnlyTheSpiAndVertx() {
        ArchitectureRules.TRANSPORTS_SEE_ONLY_THE_API.check(classes);
        ArchitectureRules.transportsDependOnlyOn("io.vertx..").check(classes);
    }

    @Test
    void noPackageCyclesAndNoOtherModulesInternals() {
        ArchitectureRules.noPackageCyclesWithin("io.venice.e2ee.transport.vertx..").check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void libraryRules() {
        ArchitectureRules.ONLY_TOOLS_SEE_THE_SIMULATOR.check(classes);
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }
}
