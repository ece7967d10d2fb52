package io.venice.e2ee.springai;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An application with nothing but auto-configuration and a meter registry, as a Boot app with Micrometer has. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
