package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The crypto in use: one provider chosen per primitive. By default the best available per primitive; a provider
 * can be forced by name for everything ({@link Builder#provider}, or the system property
 * {@value CryptoProviders#PROVIDER_PROPERTY}), or chosen per primitive ({@link Builder#use}).
 *
 * <p>Key agreement, HKDF and AES-GCM (what an envelope needs) are resolved when the suite is built; signature
 * recovery is resolved too, but a missing one only fails when it is used. The automatic choice picks among the
 * built-in providers found on the class path (or among a list given to {@link Builder#providers}); any other
 * provider serves only when named. Each chosen provider passes a known-answer test for a primitive before it
 * serves it (see {@link CryptoProviders}).
 */
public final class CryptoSuite {
    private static final List<Primitive> ENVELOPE_PRIMITIVES = List.of(Primitive.KEY_AGREEMENT, Primitive.KDF, Primitive.AEAD);

    private final Map<Primitive, CryptoProvider> chosen;
    private final Map<Primitive, String> missing;
    private final EcdhKeyAgreement keyAgreement;
    private final Kdf kdf;
    private final Aead aead;
    private volatile boolean recoveryTested;

    private CryptoSuite(Map<Primitive, CryptoProvider> chosen, Map<Primitive, String> missing) {
        this.chosen = Map.copyOf(chosen);
        this.missing = Map.copyOf(missing);
        this.keyAgreement = chosen.get(Primitive.KEY_AGREEMENT).keyAgreement();
        this.kdf = chosen.get(Primitive.KDF).kdf();
        this.aead = chosen.get(Primitive.AEAD).aead();
    }

    /**
     * The default suite: the provider named by the system property {@value CryptoProviders#PROVIDER_PROPERTY} if set,
     * otherwise the best available provider per primitive.
     *
     * @throws CryptoConfigurationException if a primitive cannot be served
     */
    public static CryptoSuite defaults() {
        return builder().build();
    }

    /** A builder over the installed providers. */
    public static Builder builder() {
        return new Builder();
    }

    /** secp256k1 key agreement. */
    public EcdhKeyAgreement keyAgreement() {
        return keyAgreement;
    }

    /** HKDF-SHA256. */
    public Kdf kdf() {
        return kdf;
    }

    /** AES-256-GCM. */
    public Aead aead() {
        return aead;
    }

    /**
     * secp256k1 signature recovery; its provider's known-answer test runs on the first call.
     *
     * @throws CryptoConfigurationException   if no chosen provider serves it
     * @throws CryptoProviderRefusedException if its provider fails the known-answer test
     */
    public SignatureRecovery signatureRecovery() {
        CryptoProvider p = chosen.get(Primitive.SIGNATURE_RECOVERY);
        if (p == null) {
            throw new CryptoConfigurationException(missing.get(Primitive.SIGNATURE_RECOVERY));
        }
        if (!recoveryTested) {
            CryptoProviders.requireSelfTest(p, Primitive.SIGNATURE_RECOVERY);
            recoveryTested = true;
        }
        return p.signatureRecovery();
    }

    /** Name of the provider serving {@code primitive}, or {@code "none"}. */
    public String providerName(Primitive primitive) {
        CryptoProvider p = chosen.get(primitive);
        return p == null ? "none" : p.name();
    }

    /** E.g. {@code CryptoSuite[KEY_AGREEMENT=bc, KDF=jca, AEAD=jca, SIGNATURE_RECOVERY=bc]}. */
    @Override
    public String toString() {
        return "CryptoSuite" + java.util.Arrays.stream(Primitive.values())
                .map(p -> p.name() + "=" + providerName(p))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Builds a {@link CryptoSuite}. */
    public static final class Builder {
        private List<CryptoProvider> providers;
        private String forced;
        private boolean forcedExplicitly;
        private final Map<Primitive, String> perPrimitive = new EnumMap<>(Primitive.class);

        private Builder() {
        }

        /**
         * Chooses among these providers instead of those found on the class path (for tests and embedders): every
         * provider in the list may be chosen automatically, since the caller vouched for it; the list may not hold
         * two providers of one name, nor a built-in name on another class.
         */
        public Builder providers(List<CryptoProvider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        /** Forces one provider by name for every primitive (overrides the system property). */
        public Builder provider(String name) {
            this.forced = Objects.requireNonNull(name, "name");
            this.forcedExplicitly = true;
            return this;
        }

        /** Chooses the provider named {@code name} for {@code primitive} only (mixing providers). */
        public Builder use(Primitive primitive, String name) {
            perPrimitive.put(primitive, Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * Resolves every primitive, then runs each chosen provider's known-answer test for key agreement, HKDF and
         * AES-GCM (signature recovery's runs when it is first used).
         *
         * @throws CryptoConfigurationException naming the primitive that cannot be served and the module to add
         * @throws CryptoProviderRefusedException naming a provider that failed its known-answer test, or, in a list
         *         given to {@link #providers}, one that claims a built-in name or a name another one claims
         */
        public CryptoSuite build() {
            CryptoProviders.Discovery discovery;
            List<CryptoProvider> automatic;
            if (providers != null) {
                discovery = CryptoProviders.screen(providers);
                if (!discovery.refused().isEmpty()) {
                    CryptoProviders.Refused r = discovery.refused().get(0);
                    throw new CryptoProviderRefusedException(r.name(), r.className(), null, "crypto provider '"
                            + r.name() + "' (" + r.className() + ") is refused: " + r.reason());
                }
                // a list given in code: the caller vouched for every provider in it
                automatic = discovery.usable();
            } else {
                discovery = CryptoProviders.discovered();
                automatic = discovery.builtIn();
            }
            List<CryptoProvider> usable = discovery.usable();
            String force = forcedExplicitly ? forced : System.getProperty(CryptoProviders.PROVIDER_PROPERTY);
            if (force != null && force.isBlank()) {
                force = null;
            }
            Map<Primitive, CryptoProvider> chosen = new EnumMap<>(Primitive.class);
            Map<Primitive, String> missing = new EnumMap<>(Primitive.class);
            for (Primitive primitive : Primitive.values()) {
                String name = perPrimitive.getOrDefault(primitive, force);
                String problem;
                if (name != null) {
                    CryptoProvider p = find(usable, name);
                    if (p == null) {
                        problem = "crypto provider '" + name + "' is not installed (found: " + names(usable) + ")"
                                + refusedNamed(discovery, name) + "; add its module, e.g. venice-e2ee-crypto-"
                                + name.toLowerCase(Locale.ROOT);
                    } else {
                        Availability a = p.availability(primitive);
                        if (a.available()) {
                            chosen.put(primitive, p);
                            continue;
                        }
                        problem = "crypto provider '" + p.name() + "' cannot serve " + primitive.displayName() + ": "
                                + a.detail() + "; use " + primitive.servedBy() + " for it";
                    }
                } else {
                    CryptoProvider p = CryptoProviders.best(automatic, primitive).orElse(null);
                    if (p != null) {
                        chosen.put(primitive, p);
                        continue;
                    }
                    problem = "no installed crypto provider can serve " + primitive.displayName() + " (found: "
                            + names(automatic) + notChosenAutomatically(discovery, automatic) + "); add "
                            + primitive.servedBy() + " to the class path";
                }
                missing.put(primitive, problem);
            }
            for (Primitive p : ENVELOPE_PRIMITIVES) {
                if (missing.containsKey(p)) {
                    throw new CryptoConfigurationException(missing.get(p));
                }
            }
            for (Primitive p : ENVELOPE_PRIMITIVES) {
                CryptoProviders.requireSelfTest(chosen.get(p), p);
            }
            return new CryptoSuite(chosen, missing);
        }

        private static String refusedNamed(CryptoProviders.Discovery discovery, String name) {
            return discovery.refused().stream().filter(r -> r.name().equalsIgnoreCase(name))
                    .map(r -> "; refused: " + r.className() + " (" + r.reason() + ")")
                    .collect(Collectors.joining());
        }

        private static String notChosenAutomatically(CryptoProviders.Discovery discovery,
                                                     List<CryptoProvider> automatic) {
            List<CryptoProvider> namedOnly = new java.util.ArrayList<>(discovery.usable());
            namedOnly.removeAll(automatic);
            return namedOnly.isEmpty() ? "" : "; not built in, used only when named: " + names(namedOnly);
        }

        private static CryptoProvider find(List<CryptoProvider> all, String name) {
            for (CryptoProvider p : all) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            return null;
        }

        private static String names(List<CryptoProvider> all) {
            return all.isEmpty() ? "none" : all.stream().map(CryptoProvider::name).collect(Collectors.joining(", "));
        }
    }
}
