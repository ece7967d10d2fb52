package io.venice.e2ee.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorCommandTest {
    @Test
    void printsItsBaseUrlServesUntilInterruptedAndExportsTheTestRoots(@TempDir Path dir) throws Exception {
        PipedInputStream pipe = new PipedInputStream();
        PrintWriter out = new PrintWriter(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(new PrintWriter(err, true));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = runner.submit(() -> cl.execute("simulator", "--port", "0", "--host", "127.0.0.1",
                    "--export-trust-anchors", dir.toString(), "--api-key", "cli-key"));
            ExecutorService reader = Executors.newSingleThreadExecutor();
            String firstLine;
            try {
                firstLine = reader.submit(() -> new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8)).readLine())
                        .get(60, TimeUnit.SECONDS);
            } finally {
                reader.shutdownNow();
            }
            assertThat(firstLine).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
            HttpResponse<String> models = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(firstLine + "/models")).header("Authorization", "Bearer cli-key").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("e2ee-qwen3-5-122b-a10b");
            assertThat(Files.readString(dir.resolve("tdx-test-root.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(Files.readString(dir.resolve("nvidia-test-root.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(exit.isDone()).isFalse();
            runner.shutdownNow();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(err.toString()).contains("test root written", "tdx-test-root.pem");
        } finally {
            runner.shutdownNow();
            runner.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpListsTheOptions() {
        CliRun r = CliRun.run("", "simulator", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: venice-e2ee simulator", "--port", "--host", "--export-trust-anchors",
                "--fault", "debug-quote", "split-utf8", "--aci-generation", "--reasoning-field");
    }

    @Test
    void anUnknownFaultIsAUsageError() {
        CliRun r = CliRun.run("", "simulator", "--fault", "explode");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.oneErrorLine()).isTrue();
        // the faults are named, the value typed is not repeated
        assertThat(r.err()).contains("--fault takes one of").contains("debug-quote").doesNotContain("explode");
    }

    @Test
    void anUnknownAciGenerationOrReasoningFieldIsAUsageError() {
        CliRun r = CliRun.run("", "simulator", "--aci-generation", "v3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.oneErrorLine()).isTrue();
        // the forms are named, the value typed is not repeated
        assertThat(r.err()).contains("--aci-generation takes one of early, current").doesNotContain("v3");
        CliRun f = CliRun.run("", "simulator", "--reasoning-field", "thoughts");
        assertThat(f.exitCode()).isEqualTo(2);
        assertThat(f.err()).contains("reasoning_content or reasoning");
    }

    @Test
    void aBusyPortIsRefusedWithOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.run("", "simulator", "--port", Integer.toString(busy.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.oneErrorLine()).as(r.err()).isTrue();
            assertThat(r.err()).startsWith("simulator: simulator cannot listen on 127.0.0.1:").contains("choose another --port");
            assertThat(r.out()).isEmpty();
        }
    }
}
