package io.venice.e2ee.cli;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code venice-e2ee attest} accepts the simulator's evidence only when given the simulator's exported test roots. */
class AttestSimulatorEvidenceTest {
    @Test
    void attestPassesWithTheExportedRootsAndFailsWithout(@TempDir Path dir) throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().build()) {
            URI base = sim.start();
            List<Path> roots = sim.exportTrustAnchors(dir);
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/tee/attestation?model=e2ee-glm-5&nonce=" + Hex.encode(nonce)))
                    .header("Authorization", "Bearer k").build(), HttpResponse.BodyHandlers.ofFile(dir.resolve("evidence.json")));
            assertThat(r.statusCode()).isEqualTo(200);
            String evidence = r.body().toString();

            CliRun trusted = CliRun.run("", "attest", "--evidence", evidence, "--nonce", Hex.encode(nonce), "--policy", "dcap",
                    "--trust-anchor", roots.get(0).toString(), "--trust-anchor", roots.get(1).toString());
            assertThat(trusted.exitCode()).as(trusted.out() + trusted.err()).isZero();

            CliRun untrusted = CliRun.run("", "attest", "--evidence", evidence, "--nonce", Hex.encode(nonce), "--policy", "dcap");
            assertThat(untrusted.exitCode()).as(untrusted.out() + untrusted.err()).isEqualTo(1);
            assertThat(untrusted.out() + untrusted.err()).contains("tdx.pck.chain");
            assertThat(Files.size(Path.of(evidence))).isPositive();
        }
    }
}
