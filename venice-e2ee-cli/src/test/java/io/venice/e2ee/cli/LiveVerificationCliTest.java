package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.RequestLog;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
 * Live verification at level full through the command line, in process, over loopback against the simulator's
 * Venice, Intel PCS and NVIDIA NRAS: the checks that need Intel's collateral and NVIDIA's answer pass, a revoked PCK,
 * an out-of-date TCB or a failing NRAS fail the chat naming the check, a second session within the time-to-live asks
 * nothing again (the simulator's request log shows it), and the audit bundles verify offline until one byte changes.
 */
class LiveVerificationCliTest {
    private static final String MODEL = "e2ee-glm-5";
    private static VeniceSimulator sim;
    private static String base;
    private static List<Path> anchors;

    @BeforeAll
    static void start(@TempDir Path dir) {
        // as 'venice-e2ee simulator' runs it: a client without an API key is served
        sim = VeniceSimulator.builder().allowMissingApiKey(true).build();
        base = sim.start().toString();
        anchors = sim.exportTrustAnchors(dir);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.faults().clear();
    }

    /** The judged command: chat at policy full against the simulator and its services, with no API key. */
    private static CliRun chat(String... extra) {
        List<String> args = new ArrayList<>(List.of("chat", "--base-url", base, "--pccs", sim.pcsBaseUrl().toString(),
                "--nras-url", sim.nrasBaseUrl().toString()));
        for (Path a : anchors) {
            args.add("--trust-anchor");
            args.add(a.toString());
        }
        if (!List.of(extra).contains("--policy")) {
            args.addAll(List.of("--policy", "full"));
        }
        args.addAll(List.of("--model", MODEL));
        args.addAll(List.of(extra));
        return CliRun.run("", args.toArray(new String[0]));
    }

    @Test
    void chatPassesAtLevelFullWithTheCollateralAndNrasChecksPassed(@TempDir Path audit) throws Exception {
        CliRun r = chat("--json", "--audit-dir", audit.toString(), "Is this enclave genuine?");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertThat(out.at("/content").asText()).isEqualTo("Echo: Is this enclave genuine? (4 words)");
        assertThat(out.at("/attestation/policy").asText()).isEqualTo("full");
        for (String id : List.of("tdx.tcb.status", "tdx.collateral.signatures", "nvidia.nras.jwt")) {
            assertThat(out.at("/attestation/checks/" + id.replace("/", "~1")).asText()).as(id).isEqualTo("pass");
        }
        // which service served each piece, and how old it was
        assertThat(out.at("/attestation/sources")).extracting(n -> n.path("piece").asText())
                .containsExactly("tcb_info", "qe_identity", "pck_crl", "root_ca_crl", "nras", "jwks");
        assertThat(out.at("/attestation/sources/0/url").asText()).startsWith(sim.pcsBaseUrl() + "/tdx/");
        assertThat(out.at("/attestation/sources/0/origin").asText()).isEqualTo("network");
        assertThat(out.at("/attestation/sources/4/url").asText()).isEqualTo(sim.nrasBaseUrl() + "/v3/attest/gpu");
        assertThat(out.at("/attestation/sources/0/age_seconds").isIntegralNumber()).isTrue();
        assertThat(r.err()).contains("audit: wrote ").contains("-session-").contains("-completion-");
    }

    @Test
    void aRevokedPckFailsTheChatNamingTheCollateralCheck() {
        sim.faults().enable(Fault.REVOKED_PCK);
        CliRun r = chat("--json", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).contains("tdx.collateral.signatures").contains("revoked").contains("nothing was sent");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anOutOfDateTcbFailsTheChatNamingTheTcbStatus() {
        sim.faults().enable(Fault.OUT_OF_DATE_TCB);
        CliRun r = chat("--json", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("tdx.tcb.status").contains("OutOfDate");
    }

    @Test
    void nvidiasNegativeAnswerFailsTheNrasCheckAndAnUnreachableNrasIsNamedWithTheLowerLevel() {
        sim.faults().enable(Fault.NRAS_ATTESTATION_FAILED);
        CliRun failed = chat("hi");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("nvidia.nras.jwt");

        sim.faults().clear().enable(Fault.NRAS_UNAVAILABLE);
        CliRun down = chat("hi");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.oneErrorLine()).as(down.err()).isTrue();
        assertThat(down.err()).contains("NVIDIA remote attestation").contains(sim.nrasBaseUrl() + "/v3/attest/gpu")
                .contains("HTTP 503").contains("--policy dcap");
        // choosing the lower level knowingly works without NVIDIA's service
        CliRun dcap = chat("--policy", "dcap", "hi");
        assertThat(dcap.exitCode()).as(dcap.err()).isZero();
    }

    @Test
    void aSecondSessionWithinTheTimeToLiveAsksForNoAttestationOrCollateral(@TempDir Path cache) {
        CliRun first = chat("--cache-dir", cache.toString(), "first");
        assertThat(first.exitCode()).as(first.err()).isZero();
        int before = sim.requests().entries().size();
        CliRun second = chat("--cache-dir", cache.toString(), "second");
        assertThat(second.exitCode()).as(second.err()).isZero();
        List<RequestLog.Entry> asked = sim.requests().entries().subList(before, sim.requests().entries().size());
        assertThat(asked).extracting(RequestLog.Entry::path).containsExactly("/api/v1/chat/completions");
        assertThat(second.err()).contains("attestation passed policy full").contains("(disk, ");

        // --fresh-attestation asks again, with a new nonce, and so does a run that keeps nothing on disk
        int again = sim.requests().entries().size();
        assertThat(chat("--cache-dir", cache.toString(), "--fresh-attestation", "third").exitCode()).isZero();
        assertThat(chat("--no-cache", "fourth").exitCode()).isZero();
        List<RequestLog.Entry> later = sim.requests().entries().subList(again, sim.requests().entries().size());
        assertThat(later.stream().filter(e -> e.path().equals("/api/v1/tee/attestation"))).hasSize(2);
    }

    @Test
    void auditBundlesVerifyOfflineAndOneEditedByteIsNamed(@TempDir Path audit) throws Exception {
        CliRun r = chat("--audit-dir", audit.toString(), "audit me");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Path> bundles;
        try (Stream<Path> s = Files.list(audit)) {
            bundles = s.sorted().toList();
        }
        assertThat(bundles).hasSize(2);
        Path completion = bundles.stream().filter(p -> p.getFileName().toString().contains("-completion-"))
                .findFirst().orElseThrow();
        // ciphertext as it went over the wire: the prompt and answer are nowhere in plaintext
        assertThat(Files.readString(completion.resolve("request.json"))).doesNotContain("audit me");
        assertThat(Files.readString(completion.resolve("response.bin"))).doesNotContain("Echo").contains("data: ");
        assertThat(Files.exists(completion.resolve("request-plaintext.json"))).isFalse();

        CliRun ok = CliRun.run("", "audit", "verify", audit.toString());
        assertThat(ok.exitCode()).as(ok.err() + ok.out()).isZero();
        assertThat(ok.out()).contains("✓ manifest: every file as written").contains("✓ tdx.tcb.status")
                .contains("response signature PASSED").contains("Verdict: VERIFIED");

        byte[] response = Files.readAllBytes(completion.resolve("response.bin"));
        response[response.length / 2] ^= 0x01;
        Files.write(completion.resolve("response.bin"), response);
        CliRun edited = CliRun.run("", "audit", "verify", audit.toString());
        assertThat(edited.exitCode()).isEqualTo(1);
        assertThat(edited.err()).contains("1 of 2 bundles do not verify").contains("response.bin was edited");
        assertThat(edited.out()).contains("✗ manifest: response.bin was edited");
    }

    @Test
    void plaintextGoesIntoABundleOnlyWhenAskedFor(@TempDir Path audit) throws Exception {
        CliRun r = chat("--audit-dir", audit.toString(), "--audit-plaintext", "keep the words");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path completion;
        try (Stream<Path> s = Files.list(audit)) {
            completion = s.filter(p -> p.getFileName().toString().contains("-completion-")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(completion.resolve("request-plaintext.json"))).contains("keep the words");
        assertThat(Files.readString(completion.resolve("response-plaintext.txt")))
                .isEqualTo("Echo: keep the words (3 words)");
        assertThat(CliRun.run("", "audit", "verify", completion.toString()).exitCode()).isZero();
    }

    @Test
    void attestWritesABundleOfTheRecordedCaptureThatVerifiesAtItsTime(@TempDir Path audit) {
        String c = "venice/capture-2026-04-24/";
        CliRun r = CliRun.run("", "attest", "--evidence", file(c + "0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", "ac82eb750ec4cfbb273f90d33567776bfae8657e2a43f6dff2f3adad9b86095a",
                "--at", "2026-04-24T01:58:41Z", "--collateral", file(c + "collateral.json"),
                "--nras", file(c + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body"),
                "--jwks", file(c + "0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"),
                "--policy", "full", "--audit-dir", audit.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        CliRun v = CliRun.run("", "audit", "verify", audit.toString());
        assertThat(v.exitCode()).as(v.out()).isZero();
        assertThat(v.out()).contains("attestation of e2ee-qwen3-5-122b-a10b").contains("Verdict: VERIFIED");
        CliRun later = CliRun.run("", "audit", "verify", audit.toString(), "--at", "2026-04-24T03:00:00Z");
        assertThat(later.exitCode()).isEqualTo(1);
        assertThat(later.err()).contains("nvidia.nras.jwt");
    }

    @Test
    void aBundleRecordedBelowTheMinimumLevelIsRefusedUnlessThatLevelIsAccepted(@TempDir Path audit) {
        CliRun r = chat("--policy", "dcap", "--audit-dir", audit.toString(), "lower");
        assertThat(r.exitCode()).as(r.err()).isZero();
        CliRun refused = CliRun.run("", "audit", "verify", audit.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("recorded at policy level dcap, below the minimum full")
                .contains("--min-level dcap");
        CliRun accepted = CliRun.run("", "audit", "verify", "--min-level", "dcap", audit.toString());
        assertThat(accepted.exitCode()).as(accepted.out()).isZero();
        assertThat(accepted.out()).contains("attestation at policy level dcap");
    }

    @Test
    void withoutAKeyTheEmbeddedSimulatorRunsAtLevelFull() {
        assumeTrue(System.getenv("API_KEY_VENICE") == null, "API_KEY_VENICE is set: chat would talk to Venice");
        CliRun r = CliRun.run("", "chat", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: hi (1 word)\n");
        assertThat(r.err()).contains("attestation passed policy full").contains("sources: tcb_info from http://127.0.0.1:")
                .contains("/pcs/tdx/certification/v4/tcb (network");
    }

    @Test
    void auditVerifyRefusesADirectoryWithoutBundles(@TempDir Path empty) {
        CliRun r = CliRun.run("", "audit", "verify", empty.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("holds no audit bundle");
        assertThat(CliRun.run("", "audit").exitCode()).isEqualTo(2);
    }

    private static String file(String relative) {
        return TestVectors.file(relative).toString();
    }
}
