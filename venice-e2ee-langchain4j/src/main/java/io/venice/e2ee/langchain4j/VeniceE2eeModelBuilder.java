package io.venice.e2ee.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The options both Venice E2EE chat models take: where Venice is, the model, how its attestation is verified, or an
 * existing {@link VeniceClient} to reuse. Either {@link #client(VeniceClient)} or the connection options
 * ({@code baseUrl}, {@code apiKey}, {@code policy}, {@code trustAnchor}, {@code provider}), never both.
 *
 * @param <B> the concrete builder
 */
public abstract class VeniceE2eeModelBuilder<B extends VeniceE2eeModelBuilder<B>> {
    private String baseUrl;
    private String apiKey;
    private String modelName;
    private final List<Path> trustAnchors = new ArrayList<>();
    private String pccsUrl;
    private String nrasUrl;
    private String policy;
    private String provider;
    private VeniceClient client;
    private Double temperature;
    private Double topP;
    private Integer maxOutputTokens;

    VeniceE2eeModelBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The API base URL including {@code /api/v1}; default {@code https://api.venice.ai/api/v1}. */
    public B baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return self();
    }

    /** The Venice API key (a bearer token); none for a local server that needs none. */
    public B apiKey(String apiKey) {
        this.apiKey = apiKey;
        return self();
    }

    /**
     * The end-to-end-encrypted model, e.g. {@code e2ee-qwen3-5-122b-a10b} (required). Each chat checks that the model
     * list says it supports end-to-end encryption before anything is sent; its name decides nothing.
     */
    public B modelName(String modelName) {
        this.modelName = modelName;
        return self();
    }

    /**
     * Also trusts the root certificate(s) in this PEM file for the TDX PCK and NVIDIA chains (repeatable). Only for
     * test PKIs such as the simulator's: Venice's evidence chains to Intel's and NVIDIA's roots, which are pinned.
     */
    public B trustAnchor(Path pemFile) {
        trustAnchors.add(Objects.requireNonNull(pemFile, "pemFile"));
        return self();
    }

    /**
     * The base URL of an Intel PCS-compatible service (a PCCS) that policy {@code full} fetches Intel's collateral from,
     * instead of Intel's PCS ({@link VeniceClient.Builder#pccs(String)}).
     */
    public B pccsUrl(String pccsUrl) {
        this.pccsUrl = pccsUrl;
        return self();
    }

    /**
     * The base URL of the NVIDIA remote attestation service policy {@code full} asks, instead of NVIDIA's
     * ({@link VeniceClient.Builder#nrasUrl(String)}).
     */
    public B nrasUrl(String nrasUrl) {
        this.nrasUrl = nrasUrl;
        return self();
    }

    /** The attestation policy level: {@code basic}, {@code tdx}, {@code dcap} (the default) or {@code full}. */
    public B policy(String level) {
        this.policy = level;
        return self();
    }

    /** Forces one crypto provider ({@code bc}, {@code jca} or {@code native}); default the best per primitive. */
    public B provider(String provider) {
        this.provider = provider;
        return self();
    }

    /**
     * Reuses an existing client (its base URL, key, policy and crypto); the model does not close it. Excludes the
     * connection options.
     */
    public B client(VeniceClient client) {
        this.client = client;
        return self();
    }

    /** The default sampling temperature (a request's own parameters override it). */
    public B temperature(Double temperature) {
        this.temperature = temperature;
        return self();
    }

    /** The default nucleus-sampling probability mass (a request's own parameters override it). */
    public B topP(Double topP) {
        this.topP = topP;
        return self();
    }

    /** The default upper bound on generated tokens (a request's own parameters override it). */
    public B maxOutputTokens(Integer maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
        return self();
    }

    /** Validates the options and makes the client (unless one was given). */
    ModelCore core() {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalStateException("modelName is required, e.g. modelName(\"e2ee-qwen3-5-122b-a10b\")");
        }
        ChatRequestParameters defaults = DefaultChatRequestParameters.builder().modelName(modelName)
                .temperature(temperature).topP(topP).maxOutputTokens(maxOutputTokens).build();
        if (client != null) {
            if (baseUrl != null || apiKey != null || policy != null || provider != null || !trustAnchors.isEmpty()
                    || pccsUrl != null || nrasUrl != null) {
                throw new IllegalStateException("client(...) already carries its base URL, API key, policy, trust"
                        + " anchors, collateral and NRAS services and crypto provider; set them on its"
                        + " VeniceClient.builder() instead of here");
            }
            return new ModelCore(client, false, defaults);
        }
        VerificationPolicy.Builder p = VerificationPolicy.builder();
        if (policy != null) {
            p.level(VerificationPolicy.Level.parse(policy));
        }
        for (Path anchor : trustAnchors) {
            readCertificates(anchor).forEach(p::extraTrustAnchor);
        }
        VeniceClient.Builder b = VeniceClient.builder().apiKey(apiKey).policy(p.build());
        if (baseUrl != null) {
            b.baseUrl(baseUrl);
        }
        if (provider != null) {
            b.crypto(CryptoSuite.builder().provider(provider).build());
        }
        if (pccsUrl != null) {
            b.pccs(pccsUrl);
        }
        if (nrasUrl != null) {
            b.nrasUrl(nrasUrl);
        }
        return new ModelCore(b.build(), true, defaults);
    }

    private static List<X509Certificate> readCertificates(Path pem) {
        String text;
        try {
            text = Files.readString(pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trust anchor " + pem, e);
        }
        try {
            return Pem.certificates(text);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("trust anchor " + pem + " is not a PEM X.509 certificate ("
                    + e.getMessage() + ")", e);
        }
    }
}
