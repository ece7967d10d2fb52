package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private key is never taken from the command line (where the process list and the shell history keep it), and
 * nothing typed on a command line is ever repeated in a usage error.
 */
class SecretArgumentsTest {
    private static final JsonNode GOLDEN = TestVectors.json("venice/e2ee_vectors.json").get("envelopes").get(0);
    private static final String KEY = GOLDEN.get("recipientPrivateKey").asText();
    private static final String ENVELOPE = GOLDEN.get("envelope").asText();
    private static final String PLAINTEXT = GOLDEN.get("plaintext").asText();

    @Test
    void decryptReadsTheKeyFromAFile(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, "  " + KEY.toUpperCase() + "\n");
        CliRun r = CliRun.run(ENVELOPE + "\n", "decrypt", "--private-key-file", keyFile.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(PLAINTEXT);
    }

    @Test
    void decryptReadsTheKeyFromTheFirstLineOfStandardInput() {
        CliRun r = CliRun.run(KEY + "\n" + ENVELOPE + "\n", "decrypt", "--private-key", "-");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(PLAINTEXT);
        CliRun noEnvelope = CliRun.run(KEY, "decrypt", "--private-key", "-");
        assertThat(noEnvelope.exitCode()).isEqualTo(1);
        assertThat(noEnvelope.err()).contains("first line").doesNotContain(KEY);
    }

    @Test
    void aKeyOnTheCommandLineIsRefusedLoudlyAndNotRepeated() {
        CliRun r = CliRun.run(ENVELOPE, "decrypt", "--private-key", KEY);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).contains("process list").contains("shell history").contains("--private-key-file")
                .contains("exposed").doesNotContain(KEY).doesNotContain(KEY.substring(0, 8));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsNotNamedIncaseItsNameIsTheKey() {
        CliRun r = CliRun.run(ENVELOPE, "decrypt", "--private-key-file", KEY);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--private-key-file").doesNotContain(KEY);
        CliRun apiKey = CliRun.run("", "models", "--api-key-file", KEY);
        assertThat(apiKey.exitCode()).isEqualTo(1);
        assertThat(apiKey.err()).contains("--api-key-file").doesNotContain(KEY);
    }

    @Test
    void usageErrorsNeverRepeatWhatWasTyped() {
        String[][] mistakes = {
            {"decrypt", "--private-kye", KEY},                      // a mistyped option name, then the key
            {"decrypt", "--private-key-file", "k", KEY},            // the key as a stray argument
            {"decrypt", "--private-key=-", "--private-key-file=" + KEY},   // two sources
            {"decrypt", "--prov=" + KEY},                           // the key after = on an unknown option
            {KEY},                                                  // the key as a command
            {"simulator", "--port", KEY},                           // the key where a number belongs
            {"chat", "--policy", KEY, "hi"},                        // the key where a level belongs
            {"keygen", "--json", "--json"},                         // repeated option
        };
        for (String[] args : mistakes) {
            CliRun r = CliRun.run("", args);
            String what = String.join(" ", args);
            assertThat(r.exitCode()).as(what + ": " + r.err()).isEqualTo(2);
            assertThat(r.oneErrorLine()).as(what + ": " + r.err()).isTrue();
            assertThat(r.err()).as(what).doesNotContain(KEY).doesNotContain(KEY.substring(0, 8)).contains("--help");
        }
        assertThat(CliRun.run("", "decrypt", "--private-kye", KEY).err())
                .contains("unknown option --private-kye").contains("unexpected argument at position 3 (not shown)");
        assertThat(CliRun.run("", "simulator", "--port", KEY).err()).contains("invalid value for --port (not shown)");
        assertThat(CliRun.run("", KEY).err()).contains("unknown command (not shown)").contains("decrypt");
        assertThat(CliRun.run("", "decrypt").err()).contains("missing");
    }
}
