package io.venice.e2ee.client;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(9));

    @Test
    void retryAfterFromTheServerIsUsedAsIs() {
        assertThat(p.delay(1, Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(4));
    }

    @RepeatedTest(20)
    void backOffDoublesIsCappedAndJitteredIntoTheUpperHalf() {
        assertThat(p.delay(1, null).toMillis()).isBetween(50L, 100L);
        assertThat(p.delay(2, null).toMillis()).isBetween(100L, 200L);
        assertThat(p.delay(4, null).toMillis()).isBetween(150L, 300L);
    }
}
