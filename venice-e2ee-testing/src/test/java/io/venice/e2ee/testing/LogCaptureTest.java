package io.venice.e2ee.testing;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture sees what the JDK's two logging APIs log, at any level, with parameters and every cause. */
class LogCaptureTest {
    @Test
    void capturesSystemLoggerAndJulRecordsWithTheirParametersAndCauses() {
        try (LogCapture logs = LogCapture.start()) {
            System.getLogger("capture.system").log(System.Logger.Level.DEBUG, "system {0}", "first-param");
            Logger.getLogger("capture.jul").log(Level.FINEST, "jul {0}", "second-param");
            Logger.getLogger("capture.jul").log(Level.WARNING, "failed",
                    new IllegalStateException("outer", new IllegalArgumentException("inner-cause")));
            assertThat(logs.text()).contains("system first-param", "jul second-param", "outer", "inner-cause");
            assertThat(logs.records()).hasSize(3);
        }
        Logger.getLogger("capture.jul").warning("after close");
        assertThat(Logger.getLogger("").getLevel()).isNotEqualTo(Level.ALL);
    }
}
