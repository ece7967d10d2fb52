package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code chat}, {@code models}, {@code verify-signature} and online {@code attest} against a simulator on loopback, in process. */
class ChatCommandTest {
    private static VeniceSimulator sim;
    private static String base;
    private static List<Path> anchors;
    private static String keyFile;
    private static String pcs;
    private static String nras;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        sim = VeniceSimulator.builder().host("127.0.0.1").port(0).build();
        base = sim.start().toString();
        pcs = sim.pcsBaseUrl().toString();
        nras = sim.nrasBaseUrl().toString();
        anchors = sim.exportTrustAnchors(dir);
        Path key = dir.resolve("api-key");
        java.nio.file.Files.writeString(key, "test-key\n");
        keyFile = key.toString();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clearFaults() {
        sim.faults().clear();
    }

    private static CliRun chat(String stdin, String... extra) {
        return run(stdin, base, extra);
    }

    private static CliRun chatAt(String baseUrl, String... extra) {
        return run("", baseUrl, extra);
    }

    private static CliRun run(String stdin, String baseUrl, String... extra) {
        String[] common = {"chat", "--base-url", baseUrl, "--api-key-file", keyFile,
            "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
            "--trust-anchor", anchors.get(2).toString(), "--pccs", pcs, "--nras-url", nras};
        String[] args = new String[common.length + extra.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(extra, 0, args, common.length, extra.length);
        return CliRun.run(stdin, args);
    }

    @Test
    void withoutKeyOrBaseUrlChatRunsTheRoundTripOnTheEmbeddedSimulator() {
        assumeTrue(System.getenv("API_KEY_VENICE") == null, "API_KEY_VENICE is set: chat would talk to Venice");
        CliRun r = CliRun.run("", "chat", "What is 2+2?");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: What is 2+2? (3 words)\n");
        assertThat(r.err()).contains("embedded Venice simulator").contains("attestation passed policy full");
    }

    @Test
    void chatStreamsTheDecryptedAnswerAndSummarisesVerificationOnStderr() {
        CliRun r = chat("", "--verify-signature", "--show-report", "Hello there, enclave");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: Hello there, enclave (3 words)\n");
        assertThat(r.err()).contains("tdx.debug").contains("attestation passed policy full")
                .contains("signature: PASSED");
    }

    @Test
    void aDashReadsThePromptFromStdinAndJsonPrintsOneObject() throws Exception {
        CliRun r = chat("from standard input", "--json", "--policy", "basic", "-");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("content").asText()).isEqualTo("Echo: from standard input (3 words)");
        assertThat(n.get("id").asText()).startsWith("chatcmpl-");
        assertThat(n.get("end_to_end_encrypted").asBoolean()).isTrue();
        assertThat(n.at("/attestation/policy").asText()).isEqualTo("basic");
    }

    @Test
    void jsonWritesUsageWithVeniceFieldNames() throws Exception {
        CliRun r = chat("", "--json", "--policy", "basic", "count these words");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode usage = new ObjectMapper().readTree(r.out()).get("usage");
        assertThat(usage).as(r.out()).isNotNull();
        assertThat(usage.get("prompt_tokens").isIntegralNumber()).isTrue();
        assertThat(usage.get("completion_tokens").asLong()).isPositive();
        assertThat(usage.get("total_tokens").asLong())
                .isEqualTo(usage.get("prompt_tokens").asLong() + usage.get("completion_tokens").asLong());
        assertThat(usage.has("promptTokens")).isFalse();
    }

    @Test
    void anAttestationOnlyModelIsRefusedUnlessTeeOnlyIsAskedThenAttestedAndSaidToBeReadableByVenice() {
        sim.clearReceived();
        CliRun refused = chat("", "--model", "tee-glm-5", "plain words here");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.oneErrorLine()).as(refused.err()).isTrue();
        assertThat(refused.err()).contains("tee-glm-5").contains("--tee-only").contains("nothing was sent");
        assertThat(chatsReceived()).isEmpty();
        CliRun r = chat("", "--model", "tee-glm-5", "--tee-only", "--verify-signature", "plain words here");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: plain words here (3 words)\n");
        assertThat(r.err()).contains("attestation passed policy full").contains("privacy: TEE-only")
                .contains("Venice").contains("signature: PASSED").doesNotContain("end-to-end encrypted");
    }

    @Test
    void teeOnlyOnAnE2eeModelSendsPlaintextWithEnableE2eeFalseAndNoE2eeHeaders() {
        sim.clearReceived();
        CliRun r = chat("", "--model", "e2ee-glm-5", "--tee-only", "--json", "readable by venice");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<io.venice.e2ee.simulator.ReceivedRequest> chats = chatsReceived();
        assertThat(chats).hasSize(1);
        assertThat(chats.get(0).bodyText()).contains("readable by venice").contains("\"enable_e2ee\":false");
        assertThat(chats.get(0).header("X-Venice-TEE-Client-Pub-Key")).isNull();
        assertThat(r.out()).contains("\"privacy\":\"tee-only\"").contains("\"end_to_end_encrypted\":false");
    }

    @Test
    void anEndToEndChatSendsEnableE2eeTrueAndSaysWhatItProtectsAndWhatItDoesNot() {
        sim.clearReceived();
        CliRun r = chat("", "--model", "e2ee-glm-5", "sealed words");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(chatsReceived().get(0).bodyText()).contains("\"enable_e2ee\":true").doesNotContain("sealed words");
        assertThat(r.err()).contains("privacy: end-to-end encrypted").contains("nobody outside that enclave")
                .contains("decryption: decrypted inside the attested TD, which was launched with")
                .contains("signature: not checked").contains("does not authenticate the answer's chunks")
                .doesNotContain("verified: ");
    }

    @Test
    void theGatewaysModelsWorkEndToEndAndTeeOnly() {
        for (String mode : new String[] {"", "--tee-only"}) {
            CliRun r = mode.isEmpty() ? chat("", "--model", "e2ee-glm-5-2-p", "--verify-signature", "via the gateway")
                    : chat("", "--model", "e2ee-glm-5-2-p", mode, "--verify-signature", "via the gateway");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Echo: via the gateway (3 words)\n");
            // the gateway hashes the request it decrypted, and the receipt's key is in a keyset no quote binds
            assertThat(r.err()).contains("signature: UNVERIFIABLE")
                    .contains("receipt: SIGNED_BY_UNATTESTED_KEY: validly signed by a key of the keyset Venice relayed")
                    .contains("decryption: decrypted in a TEE gateway that forwards upstream")
                    .contains("end to end to the gateway, not to the GPU");
        }
    }

    @Test
    void jsonSaysWhereThePromptIsDecryptedAndTheReceiptsVerdict() throws Exception {
        CliRun r = chat("", "--model", "e2ee-glm-5-2-p", "--json", "--verify-signature", "via the gateway");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.at("/attestation/decryption/site").asText()).isEqualTo("TEE_GATEWAY");
        assertThat(n.at("/attestation/decryption/gpus").asLong(-1)).isZero();
        assertThat(n.at("/attestation/decryption/description").asText()).contains("not to the GPU");
        assertThat(n.at("/signature/receipt/verdict").asText()).isEqualTo("UNVERIFIABLE");
        assertThat(n.at("/signature/receipt/reason").asText()).startsWith("SIGNED_BY_UNATTESTED_KEY:");
        JsonNode gpu = new ObjectMapper().readTree(chat("", "--model", "e2ee-glm-5", "--json", "on the GPU").out());
        assertThat(gpu.at("/attestation/decryption/site").asText()).isEqualTo("GPU_TD");
        assertThat(gpu.at("/signature").isMissingNode()).isTrue();
    }

    @Test
    void aTamperedReceiptFailsARequiredSignature() {
        sim.faults().enable(Fault.RECEIPT_TAMPERED);
        CliRun bad = chat("", "--model", "e2ee-glm-5-2-p", "--require-signature", "via the gateway");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("signature: FAILED").contains("receipt.signature")
                .contains("receipt: FAILED: receipt.signature failed");
    }

    @Test
    void verifyGatewayAttestsTheKeysetOnlineAndTheReceiptVerifies() throws Exception {
        // no =URL: the base URL's own origin, where the simulator serves the gateway; the prompt is not taken for a URL
        CliRun r = chat("", "--model", "e2ee-glm-5-2-p", "--verify-signature", "--verify-gateway", "via the gateway");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Echo: via the gateway (3 words)\n");
        assertThat(r.err()).contains("gateway: keyset sha256:")
                .contains("attested online by the gateway's own attestation with our nonce, at level full (its quote checked with Intel's collateral)")
                .contains("receipt: VERIFIED: signed by a receipt key of the keyset the gateway's own attestation"
                        + " attested");
        CliRun json = chat("", "--model", "e2ee-glm-5-2-p", "--json", "--verify-signature", "--verify-gateway="
                + base.replace("/api/v1", ""), "via the gateway");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertThat(n.at("/gateway/status").asText()).isEqualTo("ATTESTED");
        assertThat(n.at("/signature/receipt/verdict").asText()).isEqualTo("PASSED");
        assertThat(n.at("/signature/checks").findValuesAsText("id")).contains("signature.gateway");
    }

    @Test
    void aForgedOrUnreachableGatewayExitsOneSayingWhyTheKeysetIsNotAttested() throws Exception {
        sim.faults().enable(Fault.GATEWAY_OTHER_KEYSET);
        CliRun forged = chat("", "--model", "e2ee-glm-5-2-p", "--verify-gateway", "via the gateway");
        assertThat(forged.exitCode()).isEqualTo(1);
        assertThat(forged.err()).contains("gateway: keyset NOT attested: the gateway's attestation from")
                .contains("aci.gateway.keyset.match");
        sim.faults().clear();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun down = chat("", "--model", "e2ee-glm-5-2-p", "--verify-signature",
                "--verify-gateway=http://127.0.0.1:" + port, "via the gateway");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("gateway: keyset NOT attested: could not get the gateway's attestation"
                + " from http://127.0.0.1:" + port).contains("receipt: SIGNED_BY_UNATTESTED_KEY");
        CliRun bad = chat("", "--model", "e2ee-glm-5-2-p", "--verify-gateway=ftp://secret-host", "via the gateway");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--verify-gateway").doesNotContain("secret-host");
    }

    @Test
    void verifyGatewayIsOfferedOnlyWhereReceiptsAreChecked() {
        // models and attest check no receipt: the option would do nothing there, so it is a usage error
        for (String command : new String[] {"models", "attest"}) {
            CliRun r = CliRun.run("", command, "--verify-gateway");
            assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(command).contains(command + ": unknown option --verify-gateway");
        }
        for (String command : new String[] {"chat", "verify-signature", "proxy"}) {
            CliRun help = CliRun.run("", command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("--verify-gateway[=URL]");
        }
    }

    @Test
    void requireSignaturePassesWhenTheSignerIsTheEnclaveAndExitsOneWhenItIsNot() {
        CliRun ok = chat("", "--require-signature", "signed words");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("signature: PASSED");
        sim.faults().enable(Fault.SIGNATURE_OTHER_KEY);
        CliRun bad = chat("", "--require-signature", "signed words");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).isEqualTo("Echo: signed words (2 words)\n");
        assertThat(bad.err()).contains("signature: FAILED").contains("signature.address")
                .contains("does not authenticate the answer's chunks");
    }

    @Test
    void plaintextReasoningIsAWarningAndASplitCharacterComesOutWhole() {
        try (VeniceSimulator s = VeniceSimulator.builder().host("127.0.0.1").port(0).reasoning(true)
                .faults(Fault.PLAINTEXT_REASONING, Fault.SPLIT_UTF8).build()) {
            String url = s.start().toString();
            CliRun r = CliRun.run("", "chat", "--base-url", url, "--api-key-file", keyFile, "--policy", "basic",
                    "prix 10€ 😀");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Echo: prix 10€ 😀 (3 words)\n");
            assertThat(r.err()).contains("warning: chunk").contains("delta.reasoning_content arrived in plaintext");
        }
    }

    @Test
    void plainHttpToAnotherHostIsRefusedWithOneLine() {
        CliRun r = CliRun.run("", "chat", "--base-url", "http://any-host.example/api/v1", "--api-key-file", keyFile,
                "--model", "e2ee-glm-5", "my secret");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).contains("plain http://").contains("https://").doesNotContain("my secret");
    }

    private static List<io.venice.e2ee.simulator.ReceivedRequest> chatsReceived() {
        return sim.received().stream().filter(q -> q.path().endsWith("/chat/completions")).toList();
    }

    @Test
    void aServerThatAnswersInPlaintextMakesChatExitOneWithADowngradeMessage() {
        sim.faults().enable(Fault.PLAINTEXT_DOWNGRADE);
        CliRun r = chat("", "--policy", "basic", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("downgrade").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("words");
    }

    @Test
    void aServerThatAnswersOnePlaintextJsonBodyIsADowngradeNotATruncation() throws Exception {
        String json = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"secret words\"},\"finish_reason\":\"stop\"}]}";
        try (ChatAnswerOverride o = new ChatAnswerOverride(base, "application/json", json)) {
            CliRun r = chatAt(o.baseUrl(base), "--policy", "basic", "hi");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("downgrade").contains("plaintext, not SSE").doesNotContain("[DONE]")
                    .doesNotContain("\tat ");
            assertThat(r.out()).doesNotContain("secret");
        }
    }

    @Test
    void plaintextInAChunksMessageOrTextIsADowngradeNotAnEmptyAnswer() throws Exception {
        for (String choice : new String[] {"{\"message\":{\"content\":\"secret words\"}}", "{\"text\":\"secret words\"}"}) {
            String sse = "data: {\"id\":\"chatcmpl-1\",\"choices\":[" + choice + "]}\n\ndata: [DONE]\n\n";
            try (ChatAnswerOverride o = new ChatAnswerOverride(base, "text/event-stream", sse)) {
                CliRun r = chatAt(o.baseUrl(base), "--policy", "basic", "hi");
                assertThat(r.exitCode()).as(choice + ": " + r.err()).isEqualTo(1);
                assertThat(r.err()).contains("downgrade").doesNotContain("\tat ");
                assertThat(r.out()).doesNotContain("secret");
            }
        }
    }

    @Test
    void anAttestationThatFailsThePolicyExitsOneNamingTheCheck() {
        sim.faults().enable(Fault.DEBUG_QUOTE);
        CliRun r = chat("", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).contains("tdx.debug").contains("nothing was sent");
    }

    @Test
    void withoutTheTestRootsTheSimulatorsAttestationIsRefused() {
        CliRun r = CliRun.run("", "chat", "--base-url", base, "--api-key-file", keyFile, "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("tdx.pck.chain");
    }

    @Test
    void modelsListsCapabilities() {
        CliRun r = CliRun.run("", "models", "--base-url", base, "--api-key-file", keyFile);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("e2ee-qwen3-5-122b-a10b\\s+yes\\s+yes")
                .containsPattern("tee-qwen3-5-122b-a10b\\s+yes\\s+-");
    }

    @Test
    void verifySignatureChecksTheSignerOfAnEarlierChat() throws Exception {
        CliRun c = chat("", "--json", "hi");
        String id = new ObjectMapper().readTree(c.out()).get("id").asText();
        CliRun r = CliRun.run("", "verify-signature", "--base-url", base, "--api-key-file", keyFile, "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
                "--trust-anchor", anchors.get(2).toString(), "--pccs", pcs, "--nras-url", nras,
                "--model", "e2ee-qwen3-5-122b-a10b", "--request-id", id);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("signature.address PASSED").contains("signature.response_hash UNVERIFIABLE");
    }

    @Test
    void attestOnlineFetchesFreshEvidenceAndVerifiesIt() {
        CliRun r = CliRun.run("", "attest", "--model", "e2ee-glm-5", "--base-url", base, "--api-key-file", keyFile,
                "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
                "--trust-anchor", anchors.get(2).toString(), "--pccs", pcs, "--nras-url", nras);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("tdx.reportdata.nonce").contains("nvidia.nonce");
    }

    @Test
    void attestOnlineFailsOnADebugEnclave() {
        sim.faults().enable(Fault.DEBUG_QUOTE);
        CliRun r = CliRun.run("", "attest", "--model", "e2ee-glm-5", "--base-url", base, "--api-key-file", keyFile,
                "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
                "--trust-anchor", anchors.get(2).toString(), "--pccs", pcs, "--nras-url", nras);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("tdx.debug");
    }

    @Test
    void attestOnlineAtLevelFullFetchesTheCollateralAndNrasAnswerItself() {
        CliRun r = CliRun.run("", "attest", "--model", "e2ee-glm-5", "--base-url", base, "--api-key-file", keyFile,
                "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
                "--trust-anchor", anchors.get(2).toString(), "--pccs", pcs, "--nras-url", nras, "--policy", "full");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("✓ tdx.collateral.signatures").contains("✓ tdx.tcb.status")
                .contains("✓ nvidia.nras.jwt").contains("tcb_status").contains("Sources (as fetched")
                .containsPattern("tcb_info +GET " + java.util.regex.Pattern.quote(pcs)
                        + "/tdx/certification/v4/tcb\\?fmspc=90c06f000000  network");
    }

    @Test
    void attestOnlineSaysWhatCouldNotBeFetchedAndHowToChooseALowerLevel() {
        sim.faults().enable(Fault.PCS_UNAVAILABLE);
        CliRun r = CliRun.run("", "attest", "--model", "e2ee-glm-5", "--base-url", base, "--api-key-file", keyFile,
                "--trust-anchor", anchors.get(0).toString(), "--trust-anchor", anchors.get(1).toString(),
                "--trust-anchor", anchors.get(2).toString(), "--pccs", pcs, "--nras-url", nras);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).contains("could not fetch the Intel").contains(pcs + "/").contains("HTTP 503")
                .contains("--policy dcap");
    }

    @Test
    void attestOnlineRefusesAGivenNonce() {
        CliRun r = CliRun.run("", "attest", "--model", "e2ee-glm-5", "--base-url", base, "--nonce", "00".repeat(32));
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void reasoningIsStreamedToStderrOnRequest() {
        try (VeniceSimulator reasoning = VeniceSimulator.builder().host("127.0.0.1").port(0).reasoning(true).build()) {
            String url = reasoning.start().toString();
            CliRun r = CliRun.run("", "chat", "--base-url", url, "--api-key-file", keyFile, "--policy", "basic",
                    "--show-reasoning", "two words");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Echo: two words (2 words)\n");
            assertThat(r.err()).contains("The last user message has 2 words.\n");
        }
    }

    @Test
    void chatWithoutAPromptIsAUsageError() {
        assertThat(CliRun.run("", "chat", "--base-url", base).exitCode()).isEqualTo(2);
    }
}
