package io.venice.e2ee.proxy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.venice.e2ee.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture rules on the proxy's classes: no package cycles, the OpenAI wire format below the server, Venice
 * reached only through the client library, and the library rules (no simulator, no printing, SecureRandom only).
 */
class ProxyArchitectureTest {
    private static final String PROXY = "io.venice.e2ee.proxy";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ArchitectureRules.mainClasses();
        ArchitectureRules.requirePackages(classes, PROXY, PROXY + ".openai", "io.venice.e2ee.client",
                "io.venice.e2ee.transport.vertx");
    }

    @Test
    void noPackageCyclesAndNoOtherModulesInternals() {
        ArchitectureRules.noPackageCyclesWithin(PROXY + "..").check(classes);
        ArchitectureRules.internalsStayInTheirModule().check(classes);
    }

    @Test
    void theWireFormatKnowsNothingOfTheServer() {
        ArchRule rule = noClasses().that().resideInAPackage(PROXY + ".openai")
                .should().dependOnClassesThat().resideInAnyPackage(PROXY, "io.vertx..")
                .because("OpenAI's request and answer formats are written without the server that uses them");
        rule.check(classes);
    }

    @Test
    void veniceIsReachedOnlyThroughTheClientLibrary() {
        ArchRule rule = noClasses().that().resideInAPackage(PROXY + "..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "io.venice.e2ee.envelope..",
                        "io.venice.e2ee.crypto..")
                .orShould().dependOnClassesThat()
                .haveNameMatching("io\\.vertx\\.core\\.http\\.HttpClient(Agent|Request|Response|Builder)?")
                .orShould().dependOnClassesThat()
                .haveNameMatching("io\\.venice\\.e2ee\\.spi\\.(Ecdh.*|Aead|Kdf|SecretBytes|Transport)(\\$.*)?")
                .because("attestation, encryption and decryption are the client's: the proxy never speaks to Venice"
                        + " or handles keys by itself");
        rule.check(classes);
    }

    @Test
    void libraryRules() {
        ArchitectureRules.ONLY_TOOLS_SEE_THE_SIMULATOR.check(classes);
        ArchitectureRules.LIBRARY_NEVER_SEES_THE_CLI.check(classes);
        ArchitectureRules.SECURE_RANDOM_ONLY.check(classes);
        ArchitectureRules.LIBRARY_NEVER_PRINTS_OR_EXITS.check(classes);
    }
}
