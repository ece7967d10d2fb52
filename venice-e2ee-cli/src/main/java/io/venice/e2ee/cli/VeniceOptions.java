package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.BaseUrls;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.VeniceSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every command that talks to Venice shares, declared once and mixed into each: where
 * ({@code --base-url}), with which key ({@code --api-key-file}, else the environment variable {@value #API_KEY_ENV},
 * which goes to Venice's own host only), under which attestation policy and extra trust anchors, and with which
 * crypto provider.
 */
final class VeniceOptions {
    /** The environment variable holding the Venice API key. */
    static final String API_KEY_ENV = "API_KEY_VENICE";

    /** The command this mixin is part of: where a note about the key goes. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "API base URL including /api/v1 (default https://api.venice.ai/api/v1).")
    URI baseUrl;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "Read the API key from this file instead of " + API_KEY_ENV
                    + " (keeps it out of the environment).")
    Path apiKeyFile;

    @Option(names = "--policy", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "Attestation policy: basic, tdx, dcap or full (default full: Intel's collateral and NVIDIA's"
                    + " remote attestation fetched and checked; dcap checks the evidence alone; attest --evidence: dcap).")
    VerificationPolicy.Level level;

    @Option(names = "--trust-anchor", paramLabel = "PEM",
            description = "Also trust this root certificate (PEM or DER) for the TDX PCK and NVIDIA chains"
                    + " (repeatable; for test PKIs).")
    List<Path> trustAnchors = new ArrayList<>();

    @Option(names = "--allow-sha256-nonce",
            description = "Accept REPORTDATA carrying SHA-256(nonce) instead of the nonce (some backends).")
    boolean allowSha256Nonce;

    @Mixin
    ProviderOption provider;

    @Mixin
    LiveOptions live;

    /** Reads {@code --policy} as a level, so an unknown one is a usage error naming the valid ones. */
    static final class LevelConverter implements CommandLine.ITypeConverter<VerificationPolicy.Level> {
        @Override
        public VerificationPolicy.Level convert(String value) {
            try {
                return VerificationPolicy.Level.parse(value);
            } catch (IllegalArgumentException e) {
                throw new ValueRefused("expected basic, tdx, dcap or full");
            }
        }
    }

    /**
     * The API key to send to {@code base}: the one from {@code --api-key-file}, sent wherever it was given for; else
     * {@value #API_KEY_ENV}, but only to Venice's own host ({@link BaseUrls#isVenice}): another host gets none, and
     * stderr says so, since a key meant for Venice must not reach whatever a base URL points at.
     */
    String apiKeyFor(URI base) {
        if (apiKeyFile != null) {
            return apiKey();
        }
        String env = apiKey();
        if (env == null || BaseUrls.isVenice(base)) {
            return env;
        }
        if (command != null) {
            PrintWriter err = command.commandLine().getErr();
            err.println("note: " + API_KEY_ENV + " is sent only to https://" + BaseUrls.VENICE_HOST + "; "
                    + base.getHost() + " gets no API key (give one for it with --api-key-file)");
            err.flush();
        }
        return null;
    }

    /** The API key from {@code --api-key-file}, else from the environment, or null (whatever the host). */
    String apiKey() {
        if (apiKeyFile != null) {
            try {
                String k = Files.readString(apiKeyFile).strip();
                if (k.isEmpty()) {
                    throw new InvalidInputException("the file given to --api-key-file is empty");
                }
                return k;
            } catch (IOException e) {
                // not named: a key typed where its file name belongs would be repeated on the screen
                throw new InvalidInputException("cannot read the file given to --api-key-file");
            }
        }
        String k = System.getenv(API_KEY_ENV);
        return k == null || k.isBlank() ? null : k.strip();
    }

    /** {@code --base-url}, or Venice's. */
    URI baseUrlOrDefault() {
        return baseUrl != null ? baseUrl : VeniceClient.DEFAULT_BASE_URL;
    }

    /**
     * A policy builder at the level asked for (default {@code full}), trusting every {@code --trust-anchor} and
     * {@code extraAnchors}.
     */
    VerificationPolicy.Builder policyBuilder(List<X509Certificate> extraAnchors) {
        return policyBuilder(extraAnchors, VerificationPolicy.Level.FULL);
    }

    /** As {@link #policyBuilder(List)}, with {@code otherwise} when no {@code --policy} is given. */
    VerificationPolicy.Builder policyBuilder(List<X509Certificate> extraAnchors, VerificationPolicy.Level otherwise) {
        VerificationPolicy.Builder b = VerificationPolicy.builder().level(level != null ? level : otherwise)
                .allowSha256NonceBinding(allowSha256Nonce);
        for (Path p : trustAnchors) {
            readCertificates(p).forEach(b::extraTrustAnchor);
        }
        extraAnchors.forEach(b::extraTrustAnchor);
        return b;
    }

    /** A client builder for {@code base} with the options applied. */
    VeniceClient.Builder clientBuilder(URI base, String apiKey, List<X509Certificate> extraAnchors) {
        return live.apply(VeniceClient.builder().baseUrl(base).apiKey(apiKey)
                .policy(policyBuilder(extraAnchors).build()).crypto(provider.suite()), false);
    }

    /**
     * A client builder for the embedded simulator: its API, its collateral and NRAS services ({@code /pcs},
     * {@code /nras}) unless named otherwise, its test roots trusted, and nothing kept on disk (its roots die with
     * this run).
     */
    VeniceClient.Builder simulatorClientBuilder(VeniceSimulator sim) {
        VeniceClient.Builder b = VeniceClient.builder().baseUrl(sim.baseUrl()).apiKey("local-simulator")
                .policy(policyBuilder(sim.trustAnchors()).build()).crypto(provider.suite())
                .pccs(sim.pcsBaseUrl()).nrasUrl(sim.nrasBaseUrl());
        return live.apply(b, true);
    }

    /**
     * The API key, refusing (naming both ways) when there is neither a key nor a base URL: {@code purpose} says what
     * Venice is needed for.
     */
    String requireKeyOrBaseUrl(String purpose) {
        if (apiKey() == null && baseUrl == null) {
            throw new InvalidInputException("set " + API_KEY_ENV + " to " + purpose + ", or give --base-url for"
                    + " another server");
        }
        return apiKeyFor(baseUrlOrDefault());
    }

    /** A client for Venice (or {@code --base-url}); without either an API key or a base URL it refuses. */
    VeniceClient requireClient() {
        return requireClientBuilder().build();
    }

    /** A client builder for Venice (or {@code --base-url}); without either an API key or a base URL it refuses. */
    VeniceClient.Builder requireClientBuilder() {
        String key = requireKeyOrBaseUrl("talk to Venice");
        return clientBuilder(baseUrlOrDefault(), key, List.of());
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
            throw notACertificate(p);
        }
    }

    private static InvalidInputException notACertificate(Path p) {
        return new InvalidInputException("trust anchor " + p + " is not a PEM or DER certificate");
    }
}
