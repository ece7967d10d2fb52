package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.RequestLog;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live verification through the shaded jar ({@code ./venice-e2ee}) against a simulator on loopback, as a user runs
 * it: the chat at level full with no API key passes its collateral and NRAS checks, a second run within the
 * time-to-live asks nothing again, the audit bundles verify offline until one byte changes, a revoked PCK and an
 * out-of-date TCB fail naming their check, and the embedded simulator runs at level full by itself.
 */
class LiveVerificationIT {
    private static List<String> command(VeniceSimulator sim, List<Path> anchors, String... extra) {
        List<String> args = new ArrayList<>(List.of("chat", "--base-url", sim.baseUrl().toString(),
                "--pccs", sim.pcsBaseUrl().toString(), "--nras-url", sim.nrasBaseUrl().toString()));
        for (Path a : anchors) {
            args.add("--trust-anchor");
            args.add(a.toString());
        }
        args.addAll(List.of("--policy", "full", "--model", "e2ee-glm-5"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void theChatPassesAtFullAsksNothingTheSecondTimeAndItsBundlesVerifyUntilEdited(@TempDir Path dir)
            throws Exception {
        try (VeniceSimulator sim = VeniceSimulator.builder().allowMissingApiKey(true).build()) {
            sim.start();
            List<Path> anchors = sim.exportTrustAnchors(dir.resolve("roots"));
            Path audit = dir.resolve("audit");
            Path cache = dir.resolve("cache");
            Launcher.Result first = Launcher.cli("", command(sim, anchors, "--json", "--audit-dir", audit.toString(),
                    "--cache-dir", cache.toString(), "What is 2+2?").toArray(new String[0]));
            assertThat(first.exitCode()).as(first.err()).isZero();
            JsonNode out = new ObjectMapper().readTree(first.out());
            for (String id : List.of("tdx.tcb.status", "tdx.collateral.signatures", "nvidia.nras.jwt")) {
                assertThat(out.at("/attestation/checks/" + id).asText()).as(id).isEqualTo("pass");
            }

            int before = sim.requests().entries().size();
            Launcher.Result second = Launcher.cli("", command(sim, anchors, "--json", "--audit-dir", audit.toString(),
                    "--cache-dir", cache.toString(), "And 3+3?").toArray(new String[0]));
            assertThat(second.exitCode()).as(second.err()).isZero();
            List<String> asked = sim.requests().entries().subList(before, sim.requests().entries().size()).stream()
                    .map(RequestLog.Entry::path).toList();
            // the chat itself and, for the audit bundle, its response signature: no attestation, no collateral
            assertThat(asked).containsExactly("/api/v1/chat/completions", "/api/v1/tee/signature");

            Launcher.Result verified = Launcher.cli("", "audit", "verify", audit.toString());
            assertThat(verified.exitCode()).as(verified.err() + verified.out()).isZero();
            assertThat(verified.out()).contains("Verdict: VERIFIED").doesNotContain("NOT AS RECORDED");

            Path completion;
            try (Stream<Path> s = Files.list(audit)) {
                completion = s.filter(p -> p.getFileName().toString().contains("-completion-")).sorted()
                        .findFirst().orElseThrow();
            }
            Path evidence = completion.resolve("attestation.json");
            byte[] b = Files.readAllBytes(evidence);
            b[b.length / 2] ^= 0x01;
            Files.write(evidence, b);
            Launcher.Result edited = Launcher.cli("", "audit", "verify", audit.toString());
            assertThat(edited.exitCode()).isEqualTo(1);
            assertThat(edited.err()).contains("attestation.json was edited");
        }
    }

    @Test
    void aRevokedPckAndAnOutOfDateTcbFailTheSameCommandNamingTheirCheck(@TempDir Path dir) {
        for (Fault fault : List.of(Fault.REVOKED_PCK, Fault.OUT_OF_DATE_TCB)) {
            try (VeniceSimulator sim = VeniceSimulator.builder().allowMissingApiKey(true).faults(fault).build()) {
                sim.start();
                List<Path> anchors = sim.exportTrustAnchors(dir.resolve(fault.headerName()));
                Launcher.Result r = Launcher.cli("", command(sim, anchors, "--json", "hi").toArray(new String[0]));
                assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).contains(fault == Fault.REVOKED_PCK ? "tdx.collateral.signatures" : "tdx.tcb.status")
                        .contains("nothing was sent");
                assertThat(r.out()).isEmpty();
            }
        }
    }

    @Test
    void theEmbeddedSimulatorRunsAtLevelFull() {
        assumeTrue(System.getenv("API_KEY_VENICE") == null, "API_KEY_VENICE is set: chat would talk to Venice");
        Launcher.Result r = Launcher.cli("", "chat", "What is 2+2?");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: What is 2+2? (3 words)\n");
        assertThat(r.err()).contains("attestation passed policy full").contains("/pcs/tdx/certification/v4/tcb");
    }
}
