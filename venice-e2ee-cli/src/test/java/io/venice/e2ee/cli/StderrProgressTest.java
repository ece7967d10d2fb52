package io.venice.e2ee.cli;

import io.venice.e2ee.client.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress is shown to a person at a terminal only, one line as each slow step starts and one as it ends. */
class StderrProgressTest {
    @Test
    void withoutATerminalNothingIsShown() {
        // the test runner's streams are not a terminal: scripts and --json output see nothing new
        assertThat(StderrProgress.interactive()).isFalse();
        assertThat(StderrProgress.forTerminal(new PrintWriter(new StringWriter()))).isSameAs(ProgressListener.NONE);
    }

    @Test
    void atATerminalEachStepShowsWhenItStartsAndHowItEnded() {
        StringWriter text = new StringWriter();
        StderrProgress p = new StderrProgress(new PrintWriter(text));
        p.started("attesting e2ee-glm-5");
        p.finished("fetching the Intel TCB info for FMSPC 90c06f000000 from https://pcs/tdx/certification/v4/tcb",
                Duration.ofMillis(120), "fetched");
        p.finished("fetching the NVIDIA remote attestation key set from https://nras/.well-known/jwks.json",
                Duration.ofMillis(3), "failed");
        assertThat(text.toString().lines()).containsExactly("… attesting e2ee-glm-5",
                "✓ fetching the Intel TCB info for FMSPC 90c06f000000 from https://pcs/tdx/certification/v4/tcb:"
                        + " fetched (120 ms)",
                "✗ fetching the NVIDIA remote attestation key set from https://nras/.well-known/jwks.json: failed"
                        + " (3 ms)");
    }
}
