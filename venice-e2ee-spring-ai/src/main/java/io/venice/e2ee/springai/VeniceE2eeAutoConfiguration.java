package io.venice.e2ee.springai;

import io.micrometer.core.instrument.MeterRegistry;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Configures a {@link VeniceClient} and a {@link VeniceE2eeChatModel} from the {@code venice.e2ee.*} properties, a
 * {@link LastVerification} with a health indicator over it (when Spring Boot's health module is present), and a
 * Micrometer counter of refused verifications by check (when Micrometer is). Each bean backs off when the application
 * defines its own. {@code venice.e2ee.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnClass({ChatModel.class, VeniceClient.class})
@ConditionalOnProperty(prefix = "venice.e2ee", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VeniceE2eeProperties.class)
public class VeniceE2eeAutoConfiguration {

    /** The client the chat model uses; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VeniceClient veniceE2eeClient(VeniceE2eeProperties properties) {
        VerificationPolicy.Builder policy = VerificationPolicy.builder()
                .level(VerificationPolicy.Level.parse(properties.getPolicy()));
        for (Path anchor : properties.getTrustAnchors()) {
            readCertificates(anchor).forEach(policy::extraTrustAnchor);
        }
        VeniceClient.Builder b = VeniceClient.builder().apiKey(properties.getApiKey()).policy(policy.build());
        if (properties.getBaseUrl() != null) {
            b.baseUrl(properties.getBaseUrl());
        }
        if (properties.getProvider() != null) {
            b.crypto(CryptoSuite.builder().provider(properties.getProvider()).build());
        }
        if (properties.getPccsUrl() != null) {
            b.pccs(properties.getPccsUrl());
        }
        if (properties.getNrasUrl() != null) {
            b.nrasUrl(properties.getNrasUrl());
        }
        return b.build();
    }

    /** The latest verification, for the health indicator. */
    @Bean
    @ConditionalOnMissingBean
    public LastVerification veniceE2eeLastVerification() {
        return new LastVerification();
    }

    /** The chat model, told of verifications through every {@link VerificationListener} bean. */
    @Bean
    @ConditionalOnMissingBean
    public VeniceE2eeChatModel veniceE2eeChatModel(VeniceClient client, VeniceE2eeProperties properties,
                                                   ObjectProvider<VerificationListener> listeners) {
        if (properties.getModel() == null || properties.getModel().isBlank()) {
            throw new IllegalStateException("venice.e2ee.model is not set: name the end-to-end-encrypted model to talk to, e.g."
                    + " venice.e2ee.model=e2ee-qwen3-5-122b-a10b");
        }
        VeniceE2eeChatModel.Builder b = VeniceE2eeChatModel.builder().client(client)
                .defaultOptions(ChatOptions.builder().model(properties.getModel())
                        .temperature(properties.getTemperature()).maxTokens(properties.getMaxTokens()).build());
        listeners.orderedStream().forEach(b::verificationListener);
        return b.build();
    }

    private static List<X509Certificate> readCertificates(Path pem) {
        String text;
        try {
            text = Files.readString(pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read venice.e2ee.trust-anchors entry " + pem, e);
        }
        try {
            return Pem.certificates(text);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("venice.e2ee.trust-anchors entry " + pem + " is not a PEM X.509"
                    + " certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The failure counter, when Micrometer is on the class path (it counts once a registry exists). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        VerificationMetrics veniceE2eeVerificationMetrics(ObjectProvider<MeterRegistry> registry) {
            return new VerificationMetrics(registry::getIfAvailable);
        }
    }

    /** The health indicator ({@code veniceE2ee}), when Spring Boot's health module is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("venice-e2ee")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean
        VeniceE2eeHealthIndicator veniceE2eeHealthIndicator(LastVerification last) {
            return new VeniceE2eeHealthIndicator(last);
        }
    }
}
