package io.venice.e2ee.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The project's architecture rules, stated once: the api module checks its own classes with them, and a module that
 * sees every other one on its class path (the CLI) checks them all.
 */
public final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** Main classes of every module on the class path, without test classes or test jars. */
    public static JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/")
                        && !location.contains("/io/venice/e2ee/testing/"))
                .importPackages("io.venice.e2ee");
    }

    /** The SPI depends on nothing but the JDK's {@code java.*}. */
    public static final ArchRule SPI_USES_ONLY_JAVA = classes()
            .that().resideInAPackage("io.venice.e2ee.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.venice.e2ee.spi..")
            .because("the SPI must be implementable without pulling in anything else");

    /** Crypto provider modules ({@code io.venice.e2ee.crypto.<name>}) never depend on one another. */
    public static final ArchRule CRYPTO_PROVIDERS_INDEPENDENT = slices()
            .matching("io.venice.e2ee.crypto.(*)..")
            .should().notDependOnEachOther()
            .because("each crypto module must work alone and be swappable at run time");

    /** Crypto provider modules depend on the SPI and the core, never on transports, the simulator or the CLI. */
    public static final ArchRule CRYPTO_PROVIDERS_STAY_LOW = noClasses()
            .that().resideInAPackage("io.venice.e2ee.crypto.*..")
            .should().dependOnClassesThat().resideInAnyPackage("io.venice.e2ee.cli..", "io.venice.e2ee.simulator..",
                    "io.venice.e2ee.transport..", "io.venice.e2ee.client..");

    /** Library code never prints, never prints stack traces and never ends the JVM; only the CLI and the bench may. */
    public static final ArchRule LIBRARY_NEVER_PRINTS_OR_EXITS = noClasses()
            .that().resideOutsideOfPackages("io.venice.e2ee.cli..", "io.venice.e2ee.bench..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("a library reports through return values and typed exceptions");

    /** No predictable random numbers anywhere in main code: {@code SecureRandom} only. */
    public static final ArchRule SECURE_RANDOM_ONLY = noClasses()
            .should().callConstructorWhere(com.tngtech.archunit.core.domain.JavaConstructorCall.Predicates
                    .target(com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With
                            .owner(com.tngtech.archunit.core.domain.properties.HasName.Predicates.name(Random.class.getName()))))
            .orShould().callMethod(ThreadLocalRandom.class, "current")
            .orShould().dependOnClassesThat().belongToAnyOf(SplittableRandom.class)
            .orShould().callMethod(Math.class, "random")
            .because("keys and nonces must come from SecureRandom, and nothing else should tempt a later change");
}
