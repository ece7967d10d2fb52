package io.venice.e2ee.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code venice.e2ee.*} properties of the auto-configured client and chat model. */
@ConfigurationProperties(prefix = "venice.e2ee")
public class VeniceE2eeProperties {
    /** Whether the Venice E2EE chat model is configured at all. */
    private boolean enabled = true;
    /** The Venice API key (a bearer token); none for a local server that needs none. */
    private String apiKey;
    /** The API base URL including /api/v1; default https://api.venice.ai/api/v1. */
    private String baseUrl;
    /**
     * The default end-to-end-encrypted model, e.g. e2ee-qwen3-5-122b-a10b (a prompt's options may name another); used
     * only when the model list says it supports end-to-end encryption.
     */
    private String model;
    /** The attestation policy level: basic, tdx, dcap or full. */
    private String policy = "dcap";
    /** PEM files of extra roots for the TDX and NVIDIA chains; for test PKIs such as the simulator's only. */
    private List<Path> trustAnchors = new ArrayList<>();
    /** An Intel PCS-compatible base URL (a PCCS) policy full fetches collateral from instead of Intel's PCS. */
    private String pccsUrl;
    /** An NVIDIA remote attestation service base URL policy full asks instead of NVIDIA's. */
    private String nrasUrl;
    /** Force one crypto provider (bc, jca or native); default the best per primitive. */
    private String provider;
    /** The default sampling temperature. */
    private Double temperature;
    /** The default upper bound on generated tokens. */
    private Integer maxTokens;

    /** Whether the Venice E2EE chat model is configured at all (default true). */
    public boolean isEnabled() {
        return enabled;
    }

    /** See {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The Venice API key (a bearer token); none for a local server that needs none. */
    public String getApiKey() {
        return apiKey;
    }

    /** See {@link #getApiKey()}. */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** The API base URL including {@code /api/v1}; default {@code https://api.venice.ai/api/v1}. */
    public String getBaseUrl() {
        return baseUrl;
    }

    /** See {@link #getBaseUrl()}. */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * The default end-to-end-encrypted model (a prompt's options may name another); used only when the model list says
     * it supports end-to-end encryption, whatever its name.
     */
    public String getModel() {
        return model;
    }

    /** See {@link #getModel()}. */
    public void setModel(String model) {
        this.model = model;
    }

    /** The attestation policy level: {@code basic}, {@code tdx}, {@code dcap} (default) or {@code full}. */
    public String getPolicy() {
        return policy;
    }

    /** See {@link #getPolicy()}. */
    public void setPolicy(String policy) {
        this.policy = policy;
    }

    /** PEM files of extra roots for the TDX and NVIDIA chains; for test PKIs such as the simulator's only. */
    public List<Path> getTrustAnchors() {
        return trustAnchors;
    }

    /** See {@link #getTrustAnchors()}. */
    public void setTrustAnchors(List<Path> trustAnchors) {
        this.trustAnchors = trustAnchors;
    }

    /** An Intel PCS-compatible base URL (a PCCS) policy full fetches collateral from instead of Intel's PCS. */
    public String getPccsUrl() {
        return pccsUrl;
    }

    /** See {@link #getPccsUrl()}. */
    public void setPccsUrl(String pccsUrl) {
        this.pccsUrl = pccsUrl;
    }

    /** An NVIDIA remote attestation service base URL policy full asks instead of NVIDIA's. */
    public String getNrasUrl() {
        return nrasUrl;
    }

    /** See {@link #getNrasUrl()}. */
    public void setNrasUrl(String nrasUrl) {
        this.nrasUrl = nrasUrl;
    }

    /** Force one crypto provider: {@code bc}, {@code jca} or {@code native}; default the best per primitive. */
    public String getProvider() {
        return provider;
    }

    /** See {@link #getProvider()}. */
    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** The default sampling temperature. */
    public Double getTemperature() {
        return temperature;
    }

    /** See {@link #getTemperature()}. */
    public void setTemperature(Double temperature) {
        this.temperature = temperature;
    }

    /** The default upper bound on generated tokens. */
    public Integer getMaxTokens() {
        return maxTokens;
    }

    /** See {@link #getMaxTokens()}. */
    public void setMaxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
    }
}
