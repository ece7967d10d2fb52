package io.venice.e2ee.client;

import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.PrivacyMode;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client over real loopback HTTP against a server that is not Venice: whatever it answers, a private-looking
 * model's prompt is never sent in plaintext, and the model list is fetched once per TTL.
 */
class PrivacyOverLoopbackTest {
    private static final String SECRET = "my secret";
    private static final String NO_CAPS = "{\"data\":[{\"id\":\"E2EE-glm-5\",\"type\":\"text\"},"
            + "{\"id\":\"llama\",\"type\":\"text\",\"model_spec\":{\"capabilities\":{}}}]}";
    private LoopbackServer server;
    private VeniceClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private VeniceClient client(java.util.function.Consumer<VeniceClient.Builder> tweak) {
        VeniceClient.Builder b = VeniceClient.builder().baseUrl(server.baseUrl()).apiKey("explicit-key")
                .transport(JdkTransport.create(Duration.ofSeconds(5)))
                .retryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO));
        tweak.accept(b);
        client = b.build();
        return client;
    }

    private void assertNothingSecretArrived() {
        assertThat(server.to("/chat/completions")).isEmpty();
        assertThat(server.received).allSatisfy(r -> assertThat(new String(r.body())).doesNotContain(SECRET));
    }

    @Test
    void aPrivateLookingModelTheServerListsWithoutCapabilitiesIsRefusedAndNothingIsSent() throws Exception {
        server = new LoopbackServer(r -> LoopbackServer.Answer.json(200, NO_CAPS));
        VeniceClient c = client(b -> { });
        assertThatThrownBy(() -> c.chat("E2EE-glm-5", ChatRequest.ofUser(SECRET)))
                .isInstanceOf(PrivacyException.NotPrivate.class).hasMessageContaining("nothing was sent");
        assertNothingSecretArrived();
    }

    @Test
    void aModelListThatCannotBeFetchedRefusesAPrivateLookingIdEvenWithPlaintextAllowed() throws Exception {
        server = new LoopbackServer(r -> LoopbackServer.Answer.json(500, "{\"error\":\"down\"}"));
        VeniceClient c = client(b -> b.allowPlaintext(true).teeOnly(true));
        assertThatThrownBy(() -> c.chat("E2EE-glm-5", ChatRequest.ofUser(SECRET)))
                .isInstanceOf(PrivacyException.CapabilitiesUnknown.class).hasMessageContaining("could not be fetched");
        assertNothingSecretArrived();
        assertThat(server.to("/models")).hasSize(1);
    }

    @Test
    void aModelWithoutCapabilitiesGetsAPlaintextChatOnlyWhenAllowed() throws Exception {
        server = new LoopbackServer(r -> r.path().endsWith("/models") ? LoopbackServer.Answer.json(200, NO_CAPS)
                : new LoopbackServer.Answer(200, "application/json", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":"
                + "{\"content\":\"Hi.\"},\"finish_reason\":\"stop\"}]}", java.util.Map.of()));
        assertThatThrownBy(() -> client(b -> { }).chat("llama", ChatRequest.ofUser("hello")))
                .isInstanceOf(PrivacyException.NotPrivate.class);
        assertThat(server.to("/chat/completions")).isEmpty();
        client.close();
        VeniceClient c = client(b -> b.allowPlaintext(true));
        assertThat(c.privacyMode("llama")).isEqualTo(PrivacyMode.PLAINTEXT);
        var done = c.chat("llama", ChatRequest.ofUser("hello")).readAll();
        assertThat(done.content()).isEqualTo("Hi.");
        assertThat(done.privacy()).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThat(new String(server.to("/chat/completions").get(0).body())).doesNotContain("enable_e2ee");
    }

    @Test
    void theModelListIsFetchedOncePerTtlAndAgainAfterAFailure() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-09-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server = new LoopbackServer(r -> calls.incrementAndGet() == 2 ? LoopbackServer.Answer.json(503, "{}")
                : LoopbackServer.Answer.json(200, NO_CAPS));
        VeniceClient c = client(b -> b.clock(clock).modelListTtl(Duration.ofMinutes(5)).allowPlaintext(true));
        assertThat(c.privacyMode("llama")).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThat(c.privacyMode("llama")).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThat(server.to("/models")).hasSize(1);
        now.set(now.get().plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> c.privacyMode("E2EE-glm-5")).isInstanceOf(PrivacyException.CapabilitiesUnknown.class);
        assertThat(c.privacyMode("E2EE-glm-5")).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThat(server.to("/models")).as("a failed fetch is not kept").hasSize(3);
    }

    @Test
    void aCallersNonceOfAnotherLengthIsRefusedBeforeAnyRequest() throws Exception {
        server = new LoopbackServer(r -> LoopbackServer.Answer.json(200, "{}"));
        VeniceClient c = client(b -> { });
        assertThatThrownBy(() -> c.attestAsync("e2ee-glm-5", new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> c.attest("e2ee-glm-5", new byte[64])).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.received).isEmpty();
    }
}
