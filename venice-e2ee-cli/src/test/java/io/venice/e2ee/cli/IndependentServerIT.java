package io.venice.e2ee.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./venice-e2ee chat --policy basic} against a Venice-like server written separately in Python
 * ({@code src/test/python/independent_server.py}): it prints the decrypted answer, and exits 1 with a downgrade
 * message when that server answers in plaintext.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndependentServerIT {
    private static final String SCRIPT = "venice-e2ee-cli/src/test/python/independent_server.py";
    private Process encrypting;
    private Process downgrading;
    private String encryptingUrl;
    private String downgradingUrl;

    @BeforeAll
    void start() throws Exception {
        Launcher.Result probe = Launcher.exec(List.of(Launcher.python(), "-c", "import cryptography"), "");
        assertThat(probe.exitCode()).as("python3-cryptography is missing (apt-get install -y python3-cryptography): %s",
                probe.err()).isZero();
        encrypting = server(false);
        encryptingUrl = url(encrypting);
        downgrading = server(true);
        downgradingUrl = url(downgrading);
    }

    private static Process server(boolean downgrade) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Launcher.python(), SCRIPT).directory(Launcher.ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DOWNGRADE", downgrade ? "1" : "0");
        return pb.start();
    }

    /** Reads the server's "ready PORT" line (it prints it once it listens). */
    private static String url(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("the independent server did not start").startsWith("ready ");
        return "http://127.0.0.1:" + line.substring(6).trim() + "/api/v1";
    }

    @AfterAll
    void stop() {
        if (encrypting != null) {
            encrypting.destroy();
        }
        if (downgrading != null) {
            downgrading.destroy();
        }
    }

    @Test
    void chatPrintsTheDecryptedAnswerAtPolicyBasic() {
        Launcher.Result r = Launcher.cli("", "chat", "--base-url", encryptingUrl, "--policy", "basic", "Grüße, enclave");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("You said: Grüße, enclave ✓\n");
        assertThat(r.err()).contains("attestation passed policy basic");
    }

    @Test
    void chatAgainstAServerThatAnswersInPlaintextExitsOneWithADowngradeMessage() {
        Launcher.Result r = Launcher.cli("", "chat", "--base-url", downgradingUrl, "--policy", "basic", "hello");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("downgrade").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("You said");
    }
}
