package io.venice.e2ee.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The project's architecture rules, stated once. Every module's tests import the main classes on their class path
 * ({@link #mainClasses()}), check that the packages they are about were imported ({@link #requirePackages}), and run
 * the rules that apply to them; the CLI, which bundles every library module, runs them across all of them.
 *
 * <p>Package identifiers follow ArchUnit: {@code a.b} is that package alone, {@code a.b..} it and its subpackages.
 */
public final class ArchitectureRules {
    /**
     * The api module's packages: the root (the exception every library error extends), the SPI, the crypto core
     * (provider selection, hex, Keccak, addresses, the secp256k1 rules, EIP-191), the envelope and the transport
     * SPI's errors. {@code io.venice.e2ee.crypto} and {@code io.venice.e2ee.transport} are exact: their subpackages
     * are the provider and transport modules.
     */
    public static final String[] API_PACKAGES = {"io.venice.e2ee", "io.venice.e2ee.spi..", "io.venice.e2ee.crypto",
        "io.venice.e2ee.envelope..", "io.venice.e2ee.transport"};
    /** The crypto provider modules, one subpackage each ({@code bc}, {@code jca}, {@code nativesecp}). */
    public static final String CRYPTO_MODULES = "io.venice.e2ee.crypto.*..";
    /** The client module's packages. */
    public static final String[] CLIENT_PACKAGES = {"io.venice.e2ee.client..", "io.venice.e2ee.chat..",
        "io.venice.e2ee.sse..", "io.venice.e2ee.signature..", "io.venice.e2ee.protocol..",
        "io.venice.e2ee.transport.jdk.."};
    /** The attestation module's packages. */
    public static final String ATTESTATION_PACKAGES = "io.venice.e2ee.attestation..";

    private static final String CLI = "io.venice.e2ee.cli..";
    private static final String BENCH = "io.venice.e2ee.bench..";
    private static final String SIMULATOR = "io.venice.e2ee.simulator..";
    private static final String PICOCLI_COMMAND = "picocli.CommandLine$Command";

    private ArchitectureRules() {
    }

    /** Main classes of every module on the class path, without test classes, test jars or this testing kit. */
    public static JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/")
                        && !location.contains("/io/venice/e2ee/testing/"))
                .importPackages("io.venice.e2ee");
    }

    /**
     * Checks that {@code classes} holds at least one class in each of {@code packages} (exact names), so a rule run
     * on them cannot pass because nothing was imported.
     *
     * @throws AssertionError naming the packages that are missing
     */
    public static void requirePackages(JavaClasses classes, String... packages) {
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            if (classes.stream().noneMatch(c -> c.getPackageName().equals(p))) {
                missing.add(p);
            }
        }
        if (classes.isEmpty() || !missing.isEmpty()) {
            throw new AssertionError("architecture check imported " + classes.size() + " classes, none in "
                    + missing + "; imported packages: " + new TreeSet<>(classes.stream()
                    .map(JavaClass::getPackageName).toList()));
        }
    }

    // ---- structure: cycles and layers --------------------------------------------------------------------------

    /** No cycle between any two packages of the project. */
    public static final ArchRule NO_PACKAGE_CYCLES = noPackageCyclesWithin("io.venice.e2ee..");

    /**
     * No cycle between any two packages matching {@code packages}: each package is a slice, and the dependencies of
     * classes outside them are not looked at (so one module can be checked while another is being rebuilt).
     */
    public static ArchRule noPackageCyclesWithin(String... packages) {
        PackageMatchers scope = PackageMatchers.of(packages);
        return slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass c) {
                        return scope.test(c.getPackageName()) ? SliceIdentifier.of(c.getPackageName())
                                : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "packages in " + Arrays.toString(packages);
                    }
                })
                .should().beFreeOfCycles()
                .because("a cycle makes two packages one: neither can be understood, tested or replaced alone");
    }

    /** The api depends on the JDK's {@code java.*} and on itself, nothing else: a provider author gets only the SPI. */
    public static final ArchRule API_USES_ONLY_JAVA = classes()
            .that().resideInAnyPackage(API_PACKAGES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(API_PACKAGES, "java.."))
            .because("venice-e2ee-api has no dependency at all, at compile time or at run time");

    /** The SPI depends on nothing but the JDK's {@code java.*}. */
    public static final ArchRule SPI_USES_ONLY_JAVA = classes()
            .that().resideInAPackage("io.venice.e2ee.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.venice.e2ee.spi..")
            .because("the SPI must be implementable without pulling in anything else");

    /**
     * Layers inside the api: the SPI at the bottom, the crypto core over it, the envelope on top; the transport
     * errors stand beside them, and the root exception is under all of them.
     */
    public static final ArchRule API_LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("root exception").definedBy("io.venice.e2ee")
            .layer("spi").definedBy("io.venice.e2ee.spi..")
            .layer("crypto core").definedBy("io.venice.e2ee.crypto")
            .layer("envelope").definedBy("io.venice.e2ee.envelope..")
            .layer("transport errors").definedBy("io.venice.e2ee.transport")
            .whereLayer("envelope").mayNotBeAccessedByAnyLayer()
            .whereLayer("crypto core").mayOnlyBeAccessedByLayers("envelope")
            .whereLayer("spi").mayOnlyBeAccessedByLayers("crypto core", "envelope")
            .whereLayer("transport errors").mayNotBeAccessedByAnyLayer()
            .whereLayer("spi").mayNotAccessAnyLayer()
            .because("each api layer is usable without the ones above it (a provider needs only the SPI)");

    /**
     * Layers inside the attestation module: the verification facade ({@code io.venice.e2ee.attestation}: report,
     * policy, context, built-in checks, verdict) on top; the evidence families {@code dcap} (over the quote codec
     * {@code tdx}) and {@code nvidia} under it; {@code pki} (pinned roots, chains, PEM) under them; today's evidence
     * forms beside them ({@code receipt} over {@code aci}; {@code compose}, {@code ohttp}; {@code dstack} under
     * {@code compose} and {@code aci}; {@code jcs} and {@code ed25519}, which see nothing of the module); the JSON reader
     * ({@code json}, {@code internal}) and the exception family ({@code error}) at the bottom. No parser sees the
     * facade, and {@code dcap} and {@code nvidia} never see each other. Packages not named here are not judged by
     * this rule (the cycle rule covers them).
     */
    public static final ArchRule ATTESTATION_LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("facade").definedBy("io.venice.e2ee.attestation")
            .layer("dcap").definedBy("io.venice.e2ee.attestation.dcap..")
            .layer("nvidia").definedBy("io.venice.e2ee.attestation.nvidia..")
            .layer("tdx").definedBy("io.venice.e2ee.attestation.tdx..")
            .layer("pki").definedBy("io.venice.e2ee.attestation.pki..")
            .layer("receipt").definedBy("io.venice.e2ee.attestation.receipt..")
            .layer("aci").definedBy("io.venice.e2ee.attestation.aci..")
            .layer("compose").definedBy("io.venice.e2ee.attestation.compose..")
            .layer("ohttp").definedBy("io.venice.e2ee.attestation.ohttp..")
            .layer("dstack").definedBy("io.venice.e2ee.attestation.dstack..")
            .layer("jcs").definedBy("io.venice.e2ee.attestation.jcs..")
            .layer("ed25519").definedBy("io.venice.e2ee.attestation.ed25519..")
            .layer("json").definedBy("io.venice.e2ee.attestation.json..", "io.venice.e2ee.attestation.internal..")
            .layer("errors").definedBy("io.venice.e2ee.attestation.error..")
            .whereLayer("facade").mayNotBeAccessedByAnyLayer()
            .whereLayer("dcap").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("nvidia").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("tdx").mayOnlyBeAccessedByLayers("facade", "dcap")
            .whereLayer("pki").mayOnlyBeAccessedByLayers("facade", "dcap", "nvidia", "tdx")
            .whereLayer("receipt").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("aci").mayOnlyBeAccessedByLayers("facade", "receipt")
            .whereLayer("compose").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("ohttp").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("dstack").mayOnlyBeAccessedByLayers("facade", "compose", "aci")
            .whereLayer("jcs").mayOnlyBeAccessedByLayers("facade", "compose", "aci", "receipt")
            .whereLayer("ed25519").mayOnlyBeAccessedByLayers("facade", "ohttp")
            .whereLayer("jcs").mayNotAccessAnyLayer()
            .whereLayer("ed25519").mayNotAccessAnyLayer()
            .whereLayer("json").mayOnlyBeAccessedByLayers("facade", "dcap", "nvidia", "tdx", "pki", "receipt", "aci",
                    "compose", "ohttp", "dstack")
            .whereLayer("json").mayNotAccessAnyLayer()
            .whereLayer("errors").mayNotAccessAnyLayer()
            .because("parsers only parse: the verification input, context and policy are the facade's, and each"
                    + " evidence family can be read and tested without the others");

    /**
     * The attestation module sees the JDK, the api, Jackson and itself: nothing of the client, a transport or a
     * tool, so evidence can be verified where no HTTP client exists.
     */
    public static final ArchRule ATTESTATION_SEES_ONLY_THE_API_AND_JACKSON = classes()
            .that().resideInAPackage(ATTESTATION_PACKAGES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(API_PACKAGES, "java..", "javax..",
                    ATTESTATION_PACKAGES, "com.fasterxml.jackson.."))
            .because("venice-e2ee-attestation depends on venice-e2ee-api and Jackson only");

    /**
     * Layers inside the client module: the facade ({@code client}: {@code VeniceClient}, sessions, the API layer)
     * on top; the chat pipeline ({@code chat}) over the SSE decoder ({@code sse}); response signatures
     * ({@code signature}) and the default transport ({@code transport.jdk}) beside them, seen by the facade alone;
     * the protocol errors ({@code protocol}) at the bottom. The transport sees no other layer.
     */
    public static final ArchRule CLIENT_LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("facade").definedBy("io.venice.e2ee.client..")
            .layer("chat").definedBy("io.venice.e2ee.chat..")
            .layer("signature").definedBy("io.venice.e2ee.signature..")
            .layer("sse").definedBy("io.venice.e2ee.sse..")
            .layer("jdk transport").definedBy("io.venice.e2ee.transport.jdk..")
            .layer("protocol errors").definedBy("io.venice.e2ee.protocol..")
            .whereLayer("facade").mayNotBeAccessedByAnyLayer()
            .whereLayer("chat").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("signature").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("sse").mayOnlyBeAccessedByLayers("facade", "chat")
            .whereLayer("jdk transport").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("jdk transport").mayNotAccessAnyLayer()
            .whereLayer("protocol errors").mayNotAccessAnyLayer()
            .because("each piece of the client is usable and testable without the ones above it; only the facade"
                    + " wires them together");

    /**
     * The client module sees the JDK, the api, the attestation module, Jackson and itself: never a crypto engine, a
     * tool or another transport's stack.
     */
    public static final ArchRule CLIENT_SEES_ONLY_API_ATTESTATION_AND_JACKSON = classes()
            .that().resideInAnyPackage(CLIENT_PACKAGES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(concat(API_PACKAGES, CLIENT_PACKAGES),
                    "java..", "javax..", ATTESTATION_PACKAGES, "com.fasterxml.jackson.."))
            .because("venice-e2ee-client depends on venice-e2ee-api, venice-e2ee-attestation and Jackson only");

    // ---- crypto provider modules ------------------------------------------------------------------------------

    /** Crypto provider modules ({@code io.venice.e2ee.crypto.<name>}) never depend on one another. */
    public static final ArchRule CRYPTO_PROVIDERS_INDEPENDENT = slices()
            .matching("io.venice.e2ee.crypto.(*)..")
            .should().notDependOnEachOther()
            .because("each crypto module must work alone and be swappable at run time");

    /**
     * Crypto provider modules see the api and nothing else of the project: no client, attestation, transport,
     * simulator, CLI, bench or testing code.
     */
    public static final ArchRule CRYPTO_MODULES_SEE_ONLY_THE_API = noClasses()
            .that().resideInAPackage(CRYPTO_MODULES)
            .should().dependOnClassesThat(resideInAPackage("io.venice.e2ee..")
                    .and(not(resideInAnyPackage(API_PACKAGES)))
                    .and(not(resideInAPackage(CRYPTO_MODULES))))
            .because("a crypto module depends on venice-e2ee-api and its engine only");

    /**
     * The classes of one crypto module ({@code modulePackage}, e.g. {@code io.venice.e2ee.crypto.bc}) depend only on
     * the JDK, the api, themselves and {@code enginePackages} (e.g. {@code org.bouncycastle..}).
     */
    public static ArchRule cryptoModuleDependsOnlyOn(String modulePackage, String... enginePackages) {
        return classes().that().resideInAPackage(modulePackage + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(concat(API_PACKAGES, "java..", "javax..", modulePackage + ".."), enginePackages))
                .because("a crypto module depends on venice-e2ee-api and its engine only");
    }

    /**
     * Providers over engines: in a crypto module the {@code CryptoProvider} assembles the primitives, and no
     * primitive or helper reaches back up to it.
     */
    public static final ArchRule CRYPTO_PROVIDERS_OVER_ENGINES = noClasses()
            .that().resideInAPackage(CRYPTO_MODULES).and(not(partOf("io.venice.e2ee.spi.CryptoProvider")))
            .should().dependOnClassesThat(partOf("io.venice.e2ee.spi.CryptoProvider"))
            .because("the provider is the module's top: it reports availability and hands out the engines");

    /** A crypto module exports its provider alone; engines and helpers are package-private. */
    public static final ArchRule CRYPTO_MODULES_EXPORT_ONLY_THEIR_PROVIDER = classes()
            .that().resideInAPackage(CRYPTO_MODULES).and().arePublic().and().areTopLevelClasses()
            .should().implement("io.venice.e2ee.spi.CryptoProvider")
            .because("users reach a crypto module through CryptoSuite and the SPI (and what the provider itself"
                    + " declares, such as the native provider's engine choice), never through its internals");

    // ---- transports --------------------------------------------------------------------------------------------

    /**
     * A {@code Transport} implementation (and its nested classes) sees only the api of the project: the transport
     * sits below the client and its facades, never above them.
     */
    public static final ArchRule TRANSPORTS_SEE_ONLY_THE_API = noClasses()
            .that(partOf("io.venice.e2ee.spi.Transport")).and().resideOutsideOfPackages(API_PACKAGES)
            .should().dependOnClassesThat(resideInAPackage("io.venice.e2ee..")
                    .and(not(resideInAnyPackage(API_PACKAGES))).and(not(partOf("io.venice.e2ee.spi.Transport"))))
            .because("a transport moves bytes; everything it needs from the project is the Transport SPI");

    /** {@code Transport} implementations depend only on the JDK, the api and {@code enginePackages} (their HTTP stack). */
    public static ArchRule transportsDependOnlyOn(String... enginePackages) {
        return classes().that(partOf("io.venice.e2ee.spi.Transport")).and().resideOutsideOfPackages(API_PACKAGES)
                .should().onlyDependOnClassesThat(resideInAnyPackage(concat(concat(API_PACKAGES, "java..", "javax.."),
                        enginePackages)).or(partOf("io.venice.e2ee.spi.Transport")))
                .because("a transport moves bytes with its HTTP stack and the Transport SPI, nothing else");
    }

    // ---- who may see the tools ---------------------------------------------------------------------------------

    /** Nothing depends on the CLI: commands use the library, never the reverse. */
    public static final ArchRule LIBRARY_NEVER_SEES_THE_CLI = noClasses()
            .that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage(CLI)
            .because("the CLI is an application on top of the library");

    /** Only the CLI and the bench use the simulator (tests aside): it stands for the server, never for a library part. */
    public static final ArchRule ONLY_TOOLS_SEE_THE_SIMULATOR = noClasses()
            .that().resideOutsideOfPackages(SIMULATOR, CLI, BENCH)
            .should().dependOnClassesThat().resideInAPackage(SIMULATOR)
            .because("library code must work against the real server, so it cannot lean on the simulator");

    /** Nothing depends on the bench. */
    public static final ArchRule NOTHING_SEES_THE_BENCH = noClasses()
            .that().resideOutsideOfPackage(BENCH)
            .should().dependOnClassesThat().resideInAPackage(BENCH)
            .because("benchmarks measure the library; nothing may depend on them");

    /**
     * The simulator never uses the client: it plays the untrusted server the client is tested against, so a bug
     * shared through common code could never show.
     */
    public static final ArchRule SIMULATOR_NEVER_SEES_THE_CLIENT = noClasses()
            .that().resideInAPackage(SIMULATOR)
            .should().dependOnClassesThat().resideInAnyPackage(concat(CLIENT_PACKAGES, CLI))
            .because("the server side is written independently of the client that talks to it");

    /**
     * Layers inside the CLI: {@code Main} (the entry point) over the commands (the picocli {@code @Command}
     * classes) over the support classes (options, I/O, errors, exit codes); support never calls a command or the
     * entry point.
     */
    public static final ArchRule CLI_LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("entry point").definedBy(cliEntryPoint())
            .layer("commands").definedBy(cliCommand())
            .layer("support").definedBy(resideInAPackage(CLI).and(not(cliEntryPoint())).and(not(cliCommand())))
            .whereLayer("entry point").mayNotBeAccessedByAnyLayer()
            .whereLayer("commands").mayOnlyBeAccessedByLayers("entry point")
            .whereLayer("support").mayOnlyBeAccessedByLayers("entry point", "commands")
            .because("shared behaviour lives below the commands, so every command gets it the same way");

    /** CLI commands never use one another: what two commands share lives in the support layer. */
    public static final ArchRule CLI_COMMANDS_INDEPENDENT = slices().assignedFrom(new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass c) {
                    return cliCommand().test(c) ? SliceIdentifier.of(topLevel(c).getSimpleName())
                            : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                    return "CLI commands";
                }
            })
            .should().notDependOnEachOther()
            .because("each command stands alone; shared options, I/O and errors are in the support layer");

    // ---- internals ---------------------------------------------------------------------------------------------

    /**
     * Classes in a package named {@code internal} are used only from the module that owns it: the package holding
     * {@code internal} and its subpackages ({@code a.b.internal..} from {@code a.b..}). {@code documentedExceptions}
     * lists allowed uses as {@code "origin-package-prefix -> internal-package-prefix"}, each written down where it
     * is needed.
     */
    public static ArchRule internalsStayInTheirModule(String... documentedExceptions) {
        List<String[]> allowed = Stream.of(documentedExceptions).map(e -> {
            String[] parts = e.split("->");
            if (parts.length != 2) {
                throw new IllegalArgumentException("an exception is \"origin -> internal package\": " + e);
            }
            return new String[] {parts[0].strip(), parts[1].strip()};
        }).toList();
        return classes().should(new ArchCondition<>("use no other module's internal packages"
                + (allowed.isEmpty() ? "" : " (documented exceptions: " + String.join(", ", documentedExceptions) + ")")) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    String owner = within(target, "io.venice.e2ee") ? internalOwner(target) : null;
                    if (owner == null || within(origin.getPackageName(), owner)) {
                        continue;
                    }
                    boolean documented = allowed.stream().anyMatch(a -> within(origin.getPackageName(), a[0])
                            && within(target, a[1]));
                    if (!documented) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription() + ": " + target
                                + " is internal to " + owner));
                    }
                }
            }
        }).because("an internal package may change with its module; another module must go through the public API");
    }

    // ---- key material, output, time ----------------------------------------------------------------------------

    /** Library code never prints, never prints stack traces and never ends the JVM; only the CLI and the bench may. */
    public static final ArchRule LIBRARY_NEVER_PRINTS_OR_EXITS = noClasses()
            .that().resideOutsideOfPackages(CLI, BENCH)
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("a library reports through return values and typed exceptions");

    /** No predictable random numbers anywhere in main code: {@code SecureRandom} only. */
    public static final ArchRule SECURE_RANDOM_ONLY = noClasses()
            .should().callConstructorWhere(JavaConstructorCall.Predicates.target(
                    HasOwner.Predicates.With.owner(HasName.Predicates.name(Random.class.getName()))))
            .orShould().callMethod(ThreadLocalRandom.class, "current")
            .orShould().dependOnClassesThat().belongToAnyOf(SplittableRandom.class)
            .orShould().callMethod(Math.class, "random")
            .because("keys and nonces must come from SecureRandom, and nothing else should tempt a later change");

    /** Verification takes its time as a parameter, so evidence can be re-verified later: it never reads the clock. */
    public static final ArchRule VERIFICATION_NEVER_READS_THE_CLOCK = noClasses()
            .that().resideInAPackage(ATTESTATION_PACKAGES)
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(java.time.Clock.class, "systemUTC")
            .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
            .orShould().callConstructor(java.util.Date.class)
            .because("the verification time is a parameter (VerificationContext.at)");

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Classes that implement {@code typeName}, or are nested in one that does (its lambdas' and inner classes). */
    private static DescribedPredicate<JavaClass> partOf(String typeName) {
        return DescribedPredicate.describe("part of a " + typeName.substring(typeName.lastIndexOf('.') + 1)
                + " implementation", c -> topLevel(c).isAssignableTo(typeName) && !topLevel(c).isInterface());
    }

    private static DescribedPredicate<JavaClass> cliEntryPoint() {
        return DescribedPredicate.describe("the CLI's Main", c -> within(c.getPackageName(), "io.venice.e2ee.cli")
                && topLevel(c).getSimpleName().equals("Main"));
    }

    private static DescribedPredicate<JavaClass> cliCommand() {
        return DescribedPredicate.describe("a CLI command", c -> within(c.getPackageName(), "io.venice.e2ee.cli")
                && !topLevel(c).getSimpleName().equals("Main") && topLevel(c).isAnnotatedWith(PICOCLI_COMMAND));
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }

    /** The package that owns {@code pkg} when {@code pkg} is (inside) an {@code internal} package, else null. */
    private static String internalOwner(String pkg) {
        String[] parts = pkg.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("internal")) {
                return String.join(".", Arrays.copyOf(parts, i));
            }
        }
        return null;
    }

    private static boolean within(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
