package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.VeniceSimulator;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Options every command that talks to Venice shares: where, with which key (environment variable
 * {@value #API_KEY_ENV}), under which attestation policy and extra trust anchors, and with which crypto provider.
 */
final class VeniceOptions {
    /** The environment variable holding the Venice API key. */
    static final String API_KEY_ENV = "API_KEY_VENICE";

    @Option(names = "--base-url", paramLabel = "URL",
            description = "API base URL including /api/v1 (default https://api.venice.ai/api/v1).")
    URI baseUrl;

    @Option(names = "--policy", paramLabel = "LEVEL", defaultValue = "dcap",
            description = "Attestation policy: basic, tdx, dcap or full (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--trust-anchor", paramLabel = "PEM",
            description = "Also trust this root certificate for the TDX PCK and NVIDIA chains (repeatable).")
    List<Path> trustAnchors = new ArrayList<>();

    @Option(names = "--allow-sha256-nonce", description = "Accept REPORTDATA bound to SHA-256(nonce) (some backends).")
    boolean sha256Nonce;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "Read the API key from this file instead of " + API_KEY_ENV + " (keeps it out of the environment).")
    Path apiKeyFile;

    @Option(names = "--provider", paramLabel = "NAME", description = Io.PROVIDER_HELP)
    String provider;

    /** The API key from {@code --api-key-file}, else from the environment, or null. */
    String apiKey() {
        if (apiKeyFile != null) {
            try {
                String k = Files.readString(apiKeyFile).strip();
                if (k.isEmpty()) {
                    throw new InvalidInputException("the API key file " + apiKeyFile + " is empty");
                }
                return k;
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the API key file " + apiKeyFile);
            }
        }
        String k = System.getenv(API_KEY_ENV);
        return k == null || k.isBlank() ? null : k.strip();
    }

    /** The attestation policy the options ask for, with {@code extraAnchors} trusted too. */
    VerificationPolicy policy(List<X509Certificate> extraAnchors) {
        VerificationPolicy.Builder b = VerificationPolicy.builder().level(VerificationPolicy.Level.parse(policy)).allowSha256NonceBinding(sha256Nonce);
        for (Path p : trustAnchors) {
            readCertificates(p).forEach(b::extraTrustAnchor);
        }
        extraAnchors.forEach(b::extraTrustAnchor);
        return b.build();
    }

    /** A client builder for {@code baseUrl} with the options applied. */
    VeniceClient.Builder clientBuilder(URI base, String apiKey, List<X509Certificate> extraAnchors) {
        return VeniceClient.builder().baseUrl(base).apiKey(apiKey).policy(policy(extraAnchors))
                .crypto(Io.suite(provider));
    }

    /**
     * A client for Venice (or {@code --base-url}); without either an API key or a base URL it refuses, naming both.
     */
    VeniceClient requireClient() {
        String key = apiKey();
        if (key == null && baseUrl == null) {
            throw new InvalidInputException("set " + API_KEY_ENV + " to talk to Venice, or give --base-url for"
                    + " another server");
        }
        return clientBuilder(baseUrl != null ? baseUrl : VeniceClient.DEFAULT_BASE_URL, key, List.of()).build();
    }

    /** Whether the embedded simulator must stand in (no API key and no base URL). */
    boolean useEmbeddedSimulator() {
        return baseUrl == null && apiKey() == null;
    }

    /** Starts the embedded simulator on a free loopback port. */
    static VeniceSimulator startSimulator() {
        VeniceSimulator sim = VeniceSimulator.builder().host("127.0.0.1").port(0).build();
        sim.start();
        return sim;
    }

    private static List<X509Certificate> readCertificates(Path p) {
        try {
            return Pem.certificates(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read trust anchor " + p + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new InvalidInputException("trust anchor " + p + " is not a PEM or DER X.509 certificate");
        }
    }
}
