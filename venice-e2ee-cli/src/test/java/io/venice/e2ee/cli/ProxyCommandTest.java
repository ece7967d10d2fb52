package io.venice.e2ee.cli;

import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyCommandTest {
    @Test
    void servesOpenAiChatsInFrontOfAnUpstreamWithTheSharedVerificationOptions(@TempDir Path dir) throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().host("127.0.0.1").port(0).apiKey("cli-key").build()) {
            URI upstream = sim.start();
            // chat's live-verification options: level full from the simulator's collateral and NRAS services, and
            // an audit bundle per session and completion
            Path audit = dir.resolve("audit");
            List<String> args = new ArrayList<>(List.of("proxy", "--listen", "127.0.0.1:0", "--upstream",
                    upstream.toString(), "--pccs", sim.pcsBaseUrl().toString(), "--nras-url",
                    sim.nrasBaseUrl().toString(), "--no-cache", "--audit-dir", audit.toString()));
            for (Path p : sim.exportTrustAnchors(dir)) {
                args.add("--trust-anchor");
                args.add(p.toString());
            }
            PipedInputStream pipe = new PipedInputStream();
            PrintWriter out = new PrintWriter(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Main());
            cl.setOut(out);
            cl.setErr(new PrintWriter(err, true));
            ExecutorService runner = Executors.newSingleThreadExecutor();
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> exit = runner.submit(() -> cl.execute(args.toArray(String[]::new)));
                String url = reader.submit(() -> new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8))
                        .readLine()).get(60, TimeUnit.SECONDS);
                assertThat(url).as(err.toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                                + "/chat/completions")).header("Authorization", "Bearer cli-key")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"e2ee-glm-5\",\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"through the proxy\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Venice-E2EE")).hasValue("verified");
                assertThat(r.headers().firstValue("X-Venice-E2EE-Policy")).hasValue("full");
                assertThat(r.body()).contains("\"content\":\"Echo: through the proxy (3 words)\"");
                assertThat(exit.isDone()).isFalse();
                runner.shutdownNow();
                assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
                assertThat(err.toString()).contains("policy full", "end-to-end encryption only")
                        .doesNotContain("cli-key");
                assertThat(audit).as("the proxy's sessions write audit bundles").isNotEmptyDirectory();
            } finally {
                reader.shutdownNow();
                runner.shutdownNow();
                runner.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aNonLoopbackAddressIsRefusedWithoutAllowRemote() {
        CliRun r = CliRun.run("", "proxy", "--listen", "0.0.0.0:0", "--upstream", "http://127.0.0.1:9/api/v1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).contains("not a loopback address", "--allow-remote");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMalformedListenAddressIsAUsageError() {
        CliRun r = CliRun.run("", "proxy", "--listen", "8788");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("HOST:PORT");
    }

    @Test
    void helpListsTheProxyAndTheSharedOptions() {
        CliRun r = CliRun.run("", "proxy", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--listen", "--upstream", "--allow-remote", "--allow-tee-only",
                "--verify-signature", "--policy", "--trust-anchor", "--base-url", "--provider");
    }
}
