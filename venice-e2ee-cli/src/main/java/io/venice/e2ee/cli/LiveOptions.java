package io.venice.e2ee.cli;

import io.venice.e2ee.client.VeniceClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How the online commands verify at level {@code full} and what they keep: where Intel's collateral
 * ({@code --pccs}) and NVIDIA's remote attestation ({@code --nras-url}) come from, where answers and attestations
 * are kept across runs ({@code --cache-dir}, default {@code $XDG_CACHE_HOME/venice-e2ee} or
 * {@code ~/.cache/venice-e2ee}; {@code --no-cache}) and how long an attestation is reused. Mixed into
 * {@link VeniceOptions}, so every online command takes them the same way.
 */
final class LiveOptions {
    /** Environment variable naming the cache directory ({@code none}: keep nothing on disk). */
    static final String CACHE_ENV = "VENICE_E2EE_CACHE_DIR";

    @Option(names = "--pccs", paramLabel = "URL",
            description = "Fetch Intel's collateral (TCB info, QE identity, CRLs) from this Intel PCS-compatible"
                    + " service instead of https://api.trustedservices.intel.com (a PCCS, or the simulator's /pcs)."
                    + " Its answers count only when signed by keys chaining to the trusted roots.")
    URI pccs;

    @Option(names = "--nras-url", paramLabel = "URL",
            description = "Ask this NVIDIA remote attestation service (…/v3/attest/gpu, …/.well-known/jwks.json)"
                    + " instead of https://nras.attestation.nvidia.com.")
    URI nrasUrl;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Keep collateral and verified attestations here across runs (default: $"
                    + CACHE_ENV + ", else $XDG_CACHE_HOME/venice-e2ee, else ~/.cache/venice-e2ee); everything"
                    + " read back is verified again.")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Keep nothing on disk (memory only, for this run).")
    boolean noCache;

    @Option(names = "--attestation-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Reuse a verified attestation for new sessions this long at most, e.g. 10m, 90s, 0"
                    + " (default 10m; it ends sooner when collateral or NRAS tokens expire).")
    Duration attestationTtl;

    @Option(names = "--fresh-attestation",
            description = "Attest every session afresh with its own nonce (reuse no attestation).")
    boolean freshAttestation;

    /**
     * Applies the options to {@code b}.
     *
     * @param ephemeral whether the server is the embedded simulator, whose test roots die with this run: nothing
     *                  of it is kept on disk
     */
    VeniceClient.Builder apply(VeniceClient.Builder b, boolean ephemeral) {
        if (pccs != null) {
            b.pccs(pccs);
        }
        if (nrasUrl != null) {
            b.nrasUrl(nrasUrl);
        }
        if (attestationTtl != null) {
            b.attestationTtl(attestationTtl);
        }
        b.freshAttestation(freshAttestation);
        if (!ephemeral) {
            b.cacheDirectory(cacheDirectory());
        }
        return b;
    }

    /** The disk cache directory, or null for none. */
    Path cacheDirectory() {
        if (noCache) {
            return null;
        }
        if (cacheDir != null) {
            return cacheDir;
        }
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return env.strip().equalsIgnoreCase("none") ? null : Path.of(env.strip());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg.strip(), "venice-e2ee");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "venice-e2ee");
    }

    /** Reads {@code 10m}, {@code 90s}, {@code 2h}, {@code 500ms}, {@code 0} or an ISO-8601 duration ({@code PT10M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.equals("0")) {
                    return Duration.ZERO;
                }
                if (v.startsWith("p")) {
                    return Duration.parse(v.toUpperCase(Locale.ROOT));
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 10m, 90s,"
                        + " 2h, 500ms or 0");
            }
        }
    }
}
