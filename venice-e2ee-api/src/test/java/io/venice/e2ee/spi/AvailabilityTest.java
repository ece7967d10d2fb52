package io.venice.e2ee.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvailabilityTest {
    @Test
    void anAvailablePrimitiveStatesItsTimingGuaranteeAndAnUnavailableOneHasNone() {
        Availability served = Availability.available(30, "engine", TimingGuarantee.CONSTANT_TIME);
        assertThat(served.available()).isTrue();
        assertThat(served.timing()).isEqualTo(TimingGuarantee.CONSTANT_TIME);
        Availability missing = Availability.unavailable("no library here");
        assertThat(missing.available()).isFalse();
        assertThat(missing.timing()).isNull();

        assertThatThrownBy(() -> Availability.available(30, "engine", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Availability(true, 30, "engine", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timing guarantee");
        assertThatThrownBy(() -> new Availability(false, 0, "why", TimingGuarantee.VARIABLE_TIME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTimingGuaranteeHasADistinctLabel() {
        assertThat(java.util.Arrays.stream(TimingGuarantee.values()).map(TimingGuarantee::label).distinct())
                .hasSize(TimingGuarantee.values().length);
    }
}
