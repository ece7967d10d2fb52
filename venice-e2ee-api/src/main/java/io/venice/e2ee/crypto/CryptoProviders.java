package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Discovers {@link CryptoProvider}s on the class path through {@link ServiceLoader}. */
public final class CryptoProviders {
    /** System property that forces one provider by name for every primitive. */
    public static final String PROVIDER_PROPERTY = "venice.e2ee.provider";

    private static volatile List<CryptoProvider> cached;

    private CryptoProviders() {
    }

    /** Every provider found by the class loader of this class, in a stable order (by name). */
    public static List<CryptoProvider> installed() {
        List<CryptoProvider> list = cached;
        if (list == null) {
            list = load(CryptoProviders.class.getClassLoader());
            cached = list;
        }
        return list;
    }

    /** Every provider found by {@code loader}, sorted by name; a provider that fails to load is left out. */
    public static List<CryptoProvider> load(ClassLoader loader) {
        List<CryptoProvider> found = new ArrayList<>();
        ServiceLoader<CryptoProvider> sl = ServiceLoader.load(CryptoProvider.class, loader);
        var it = sl.iterator();
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
        found.sort(Comparator.comparing(CryptoProvider::name));
        return List.copyOf(found);
    }

    /** The installed provider named {@code name}, if any. */
    public static Optional<CryptoProvider> named(String name) {
        return installed().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
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
}
