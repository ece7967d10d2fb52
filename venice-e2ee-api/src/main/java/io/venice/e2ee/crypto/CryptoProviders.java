package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Discovers {@link CryptoProvider}s on the class path through {@link ServiceLoader}, and decides which may be used.
 *
 * <p>Any jar on the class path can register a provider, so discovery trusts nothing by its say-so:
 * <ul>
 *   <li>the built-in providers ({@code bc}, {@code jca}, {@code native}) are known by class name; a provider of
 *       another class that claims one of those names is an impostor, refused and reported ({@link #refused()});</li>
 *   <li>two providers of other classes that claim the same name are both refused (neither can be told apart);</li>
 *   <li>a provider of any other class and name is used only when named explicitly (a suite's
 *       {@link CryptoSuite.Builder#provider}, {@link CryptoSuite.Builder#use}, or the system property
 *       {@value #PROVIDER_PROPERTY}): the automatic choice picks among the built-in providers only;</li>
 *   <li>every provider passes a known-answer test for a primitive before it serves it.</li>
 * </ul>
 * Trusting a class by its name trusts whatever the class loader defines under that name: code that can place
 * classes ahead of the built-in ones can as well replace this class, and is outside what any check here can catch.
 */
public final class CryptoProviders {
    /** System property that forces one provider by name for every primitive. */
    public static final String PROVIDER_PROPERTY = "venice.e2ee.provider";

    /** The built-in providers: name to class (named here, as the api cannot depend on the crypto modules). */
    private static final Map<String, String> BUILT_IN = Map.of(
            "bc", "io.venice.e2ee.crypto.bc.BcCryptoProvider",
            "jca", "io.venice.e2ee.crypto.jca.JcaCryptoProvider",
            "native", "io.venice.e2ee.crypto.nativesecp.NativeCryptoProvider");

    /** Known-answer tests passed, per built-in provider instance (whose identity equality cannot be faked). */
    private static final Map<CryptoProvider, Set<Primitive>> PASSED = Collections.synchronizedMap(new WeakHashMap<>());

    private static volatile Discovery cached;

    private CryptoProviders() {
    }

    /**
     * What discovery found, sorted by name within each list.
     *
     * @param builtIn   the built-in providers found: the automatic choice picks among these
     * @param namedOnly providers of other classes, used only when named explicitly
     * @param refused   providers refused for the name they claim, with the reason
     */
    public record Discovery(List<CryptoProvider> builtIn, List<CryptoProvider> namedOnly, List<Refused> refused) {
        /** Copies the lists. */
        public Discovery {
            builtIn = List.copyOf(builtIn);
            namedOnly = List.copyOf(namedOnly);
            refused = List.copyOf(refused);
        }

        /** Every usable provider: the built-in ones, then the named-only ones. */
        public List<CryptoProvider> usable() {
            List<CryptoProvider> all = new ArrayList<>(builtIn);
            all.addAll(namedOnly);
            return List.copyOf(all);
        }
    }

    /**
     * A provider that was not admitted.
     *
     * @param name      the name it claims
     * @param className its class
     * @param reason    why it was refused
     */
    public record Refused(String name, String className, String reason) {
    }

    /** The built-in providers found by the class loader of this class, sorted by name. */
    public static List<CryptoProvider> installed() {
        return discovered().builtIn();
    }

    /** Everything found by the class loader of this class: built-in, named-only and refused providers. */
    public static Discovery discovered() {
        Discovery d = cached;
        if (d == null) {
            d = discover(CryptoProviders.class.getClassLoader());
            cached = d;
        }
        return d;
    }

    /** The providers refused on the class path (impostors of a built-in name, duplicate names). */
    public static List<Refused> refused() {
        return discovered().refused();
    }

    /** Every provider found by {@code loader}, screened; a provider whose class fails to load is left out. */
    public static Discovery discover(ClassLoader loader) {
        List<CryptoProvider> found = new ArrayList<>();
        var it = ServiceLoader.load(CryptoProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                // a provider whose class cannot load is simply absent; the report shows what was found
            }
        }
        return screen(found);
    }

    /** Every usable provider found by {@code loader} (built-in, then named-only). */
    public static List<CryptoProvider> load(ClassLoader loader) {
        return discover(loader).usable();
    }

    /**
     * Sorts {@code providers} into built-in, named-only and refused, by the rules in the class comment: a built-in
     * name belongs to its class alone, and a name two other providers claim belongs to neither.
     */
    public static Discovery screen(List<CryptoProvider> providers) {
        Map<String, List<CryptoProvider>> byName = new LinkedHashMap<>();
        List<Refused> refused = new ArrayList<>();
        for (CryptoProvider p : providers) {
            String name = nameOf(p);
            if (name == null) {
                refused.add(new Refused("(none)", p.getClass().getName(), "it has no usable name"));
                continue;
            }
            byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
        }
        List<CryptoProvider> builtIn = new ArrayList<>();
        List<CryptoProvider> namedOnly = new ArrayList<>();
        for (Map.Entry<String, List<CryptoProvider>> e : byName.entrySet()) {
            String name = e.getKey();
            List<CryptoProvider> claimants = e.getValue();
            if (BUILT_IN.containsKey(name)) {
                CryptoProvider genuine = null;
                for (CryptoProvider p : claimants) {
                    if (genuine == null && isBuiltIn(p)) {
                        genuine = p;
                    } else {
                        refused.add(new Refused(name, p.getClass().getName(), isBuiltIn(p)
                                ? "a second instance of the built-in provider"
                                : "it claims the built-in name '" + name + "', which belongs to " + BUILT_IN.get(name)));
                    }
                }
                if (genuine != null) {
                    builtIn.add(genuine);
                }
            } else if (claimants.size() == 1) {
                namedOnly.add(claimants.get(0));
            } else {
                for (CryptoProvider p : claimants) {
                    refused.add(new Refused(name, p.getClass().getName(), claimants.size()
                            + " providers claim the name '" + name + "'; none of them is used"));
                }
            }
        }
        Comparator<CryptoProvider> byProviderName = Comparator.comparing(p -> String.valueOf(nameOf(p)).toLowerCase(Locale.ROOT));
        builtIn.sort(byProviderName);
        namedOnly.sort(byProviderName);
        refused.sort(Comparator.comparing(Refused::name).thenComparing(Refused::className));
        return new Discovery(builtIn, namedOnly, refused);
    }

    /** Whether {@code provider} is one of the built-in providers: its class is the one its name belongs to. */
    public static boolean isBuiltIn(CryptoProvider provider) {
        String name = nameOf(provider);
        return name != null
                && provider.getClass().getName().equals(BUILT_IN.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code name} is the name of a built-in provider ({@code bc}, {@code jca}, {@code native}). */
    public static boolean isBuiltInName(String name) {
        return name != null && BUILT_IN.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The usable provider named {@code name} found on the class path (built-in or named-only), if any. */
    public static Optional<CryptoProvider> named(String name) {
        return discovered().usable().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The best available provider for {@code primitive} among {@code providers} (highest priority). */
    public static Optional<CryptoProvider> best(List<CryptoProvider> providers, Primitive primitive) {
        CryptoProvider best = null;
        int bestPriority = Integer.MIN_VALUE;
        for (CryptoProvider p : providers) {
            Availability a = p.availability(primitive);
            if (a.available() && (best == null || a.priority() > bestPriority)) {
                best = p;
                bestPriority = a.priority();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Runs the known-answer test of {@code primitive} on {@code provider} (once per built-in provider instance, every
     * time for any other provider): fixed published inputs whose outputs are known.
     *
     * @return why it failed, or empty when it passed
     */
    public static Optional<String> selfTest(CryptoProvider provider, Primitive primitive) {
        boolean builtIn = isBuiltIn(provider);
        if (builtIn) {
            Set<Primitive> done = PASSED.get(provider);
            if (done != null && done.contains(primitive)) {
                return Optional.empty();
            }
        }
        String failure = KnownAnswerTests.failure(provider, primitive);
        if (failure == null && builtIn) {
            PASSED.computeIfAbsent(provider, p -> Collections.synchronizedSet(EnumSet.noneOf(Primitive.class)))
                    .add(primitive);
        }
        return Optional.ofNullable(failure);
    }

    /**
     * Runs {@link #selfTest} and refuses a provider that fails it.
     *
     * @throws CryptoProviderRefusedException naming the provider, its class, the primitive and what was wrong
     */
    static void requireSelfTest(CryptoProvider provider, Primitive primitive) {
        Optional<String> failure = selfTest(provider, primitive);
        if (failure.isPresent()) {
            throw new CryptoProviderRefusedException(provider.name(), provider.getClass().getName(), primitive,
                    "crypto provider '" + provider.name() + "' (" + provider.getClass().getName() + ") failed its "
                            + primitive.displayName() + " known-answer test: " + failure.get() + "; it is not used."
                            + " Remove it from the class path, or choose another provider");
        }
    }

    private static String nameOf(CryptoProvider p) {
        try {
            String name = p.name();
            return name == null || name.isBlank() ? null : name.strip();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
