package io.venice.e2ee.client;

import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class HttpErrorsTest {
    private static final URI URI_ = URI.create("https://api.venice.ai/api/v1/chat/completions");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-24T10:00:00Z"), ZoneOffset.UTC);

    private static VeniceE2eeException of(int status, String retryAfter, String body) {
        return HttpErrors.of(URI_, status, retryAfter, body.getBytes(StandardCharsets.UTF_8), CLOCK);
    }

    @ParameterizedTest
    @EnumSource(VeniceError.class)
    void everyDocumentedErrorIsTyped(VeniceError e) {
        VeniceE2eeException x = of(400, null, "{\"error\":\"" + e.message() + " (detail)\"}");
        assertThat(x).isInstanceOf(VeniceProtocolException.ServerRefused.class).hasMessageContaining(e.advice());
        assertThat(((VeniceProtocolException.ServerRefused) x).error()).isEqualTo(e);
    }

    @Test
    void otherErrorsKeepStatusMessageAndRetryAfter() {
        VeniceE2eeException x = of(429, "7", "{\"error\":{\"message\":\"Too many requests\"}}");
        assertThat(x).isInstanceOf(TransportException.HttpStatus.class).hasMessageContaining("Too many requests")
                .hasMessageContaining("retry after 7 s");
        TransportException.HttpStatus h = (TransportException.HttpStatus) x;
        assertThat(h.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(h.retryable()).isTrue();
    }

    @Test
    void retryAfterAsAnHttpDateIsRelativeToTheClock() {
        assertThat(HttpErrors.retryAfter("Fri, 24 Apr 2026 10:00:30 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpErrors.retryAfter("soon", CLOCK)).isNull();
    }

    @Test
    void aNonJsonBodyBecomesAShortOneLineExcerpt() {
        VeniceE2eeException x = of(502, null, "<html>\nBad gateway\n</html>" + "x".repeat(1000));
        assertThat(x.getMessage()).doesNotContain("\n").hasSizeLessThan(400);
        assertThat(((TransportException.HttpStatus) x).retryable()).isTrue();
    }

    @Test
    void authenticationFailuresSayToCheckTheKey() {
        assertThat(of(401, null, "{\"error\":\"Authentication failed\"}")).hasMessageContaining("API_KEY_VENICE");
    }
}
