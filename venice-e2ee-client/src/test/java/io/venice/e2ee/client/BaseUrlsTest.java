package io.venice.e2ee.client;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaseUrlsTest {
    @Test
    void onlyHttpsApiVeniceAiIsVenice() {
        assertThat(BaseUrls.isVenice(URI.create("https://api.venice.ai/api/v1"))).isTrue();
        assertThat(BaseUrls.isVenice(URI.create("https://API.Venice.AI:443/api/v1"))).isTrue();
        assertThat(BaseUrls.isVenice(URI.create("http://api.venice.ai/api/v1"))).isFalse();
        assertThat(BaseUrls.isVenice(URI.create("https://api.venice.ai:8443/api/v1"))).isFalse();
        assertThat(BaseUrls.isVenice(URI.create("https://api.venice.ai.evil.example/api/v1"))).isFalse();
        assertThat(BaseUrls.isVenice(URI.create("https://evil.example/api.venice.ai"))).isFalse();
    }

    @Test
    void plainHttpIsAcceptedForLoopbackLiteralsOnly() {
        for (String ok : new String[] {"http://127.0.0.1:8080/api/v1", "http://localhost/api/v1", "http://[::1]:9/api/v1",
            "http://127.9.9.9/x", "https://any-host.example/api/v1"}) {
            assertThat(BaseUrls.requireSafe(URI.create(ok))).as(ok).isEqualTo(URI.create(ok));
        }
        for (String bad : new String[] {"http://any-host.example/api/v1", "http://10.0.0.1/api/v1",
            "http://127.0.0.1.nip.io/api/v1", "http://api.venice.ai/api/v1"}) {
            assertThatThrownBy(() -> BaseUrls.requireSafe(URI.create(bad))).as(bad)
                    .isInstanceOf(PrivacyException.InsecureBaseUrl.class).hasMessageContaining("https://");
        }
        assertThatThrownBy(() -> BaseUrls.requireSafe(URI.create("ftp://host/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VeniceClient.builder().baseUrl("http://any-host.example/api/v1").build())
                .isInstanceOf(PrivacyException.InsecureBaseUrl.class);
    }

    @Test
    void theRefusalNamesWhichUrlIsAtFault() {
        assertThatThrownBy(() -> VeniceClient.builder().baseUrl("http://any-host.example/api/v1").build())
                .isInstanceOfSatisfying(PrivacyException.InsecureBaseUrl.class, e -> {
                    assertThat(e.which()).isEqualTo(PrivacyException.InsecureBaseUrl.BASE_URL);
                    assertThat(e.getMessage()).startsWith("base URL http://any-host.example/api/v1 is plain http://")
                            .contains("the API key");
                });
        assertThatThrownBy(() -> VeniceClient.builder().baseUrl("http://127.0.0.1:9/api/v1")
                .verifyGatewayAttestation(URI.create("http://gateway.example")).build())
                .isInstanceOfSatisfying(PrivacyException.InsecureBaseUrl.class, e -> {
                    assertThat(e.which()).isEqualTo(PrivacyException.InsecureBaseUrl.GATEWAY_URL);
                    assertThat(e.getMessage()).startsWith("gateway URL http://gateway.example is plain http://")
                            .doesNotContain("base URL").doesNotContain("API key");
                });
    }
}
