package io.venice.e2ee.cli;

import io.venice.e2ee.attestation.json.VeniceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON depth limit is the process's setting: the shaded jar run with {@value VeniceJson#NESTING_DEPTH_PROPERTY}
 * refuses evidence nested deeper than it says, names the limit, and refuses to start on a value out of range, naming
 * the property.
 */
class JsonLimitSettingIT {

    @Test
    void theSystemPropertyLowersTheDepthAndABadValueIsNamed(@TempDir Path dir) throws Exception {
        Path evidence = dir.resolve("deep.json");
        Files.writeString(evidence, "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}");

        Launcher.Result lowered = Launcher.cli(Map.of("JAVA_OPTS", "-D" + VeniceJson.NESTING_DEPTH_PROPERTY + "=3"),
                "", "attest", "--evidence", evidence.toString(), "--nonce", "00".repeat(32));
        assertThat(lowered.exitCode()).as(lowered.err()).isEqualTo(1);
        assertThat(lowered.err()).contains("at most 3 levels of nesting");

        Launcher.Result unset = Launcher.cli("", "attest", "--evidence", evidence.toString(), "--nonce",
                "00".repeat(32));
        assertThat(unset.err()).as("five levels pass the default depth").doesNotContain("levels of nesting");

        Launcher.Result bad = Launcher.cli(Map.of("JAVA_OPTS", "-D" + VeniceJson.NESTING_DEPTH_PROPERTY + "=0"),
                "", "attest", "--evidence", evidence.toString(), "--nonce", "00".repeat(32));
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains(VeniceJson.NESTING_DEPTH_PROPERTY, "from 1 to 1000");
    }
}
