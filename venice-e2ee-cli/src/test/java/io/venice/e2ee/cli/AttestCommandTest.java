package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttestCommandTest {
    private static final String DIR = "venice/capture-2026-04-24/";
    private static final String NONCE = TestVectors.json(DIR + "manifest.json").path("nonce_hex").asText();
    private static final String AT = "2026-04-24T01:58:41Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String file(String name) {
        return TestVectors.file(DIR + name).toString();
    }

    private static List<String> full(String evidence) {
        return new ArrayList<>(List.of("attest", "--evidence", evidence, "--nonce", NONCE, "--at", AT,
                "--collateral", file("collateral.json"),
                "--nras", file("0006_nras.attestation.nvidia.com_v3_attest_gpu.body"),
                "--jwks", file("0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"), "--policy", "full"));
    }

    private static CliRun run(List<String> args) {
        return CliRun.run("", args.toArray(String[]::new));
    }

    @Test
    void theCapturePassesEveryCheckAtLevelFull() {
        List<String> args = full(file("0001_api.venice.ai_api_v1_tee_attestation.body"));
        args.addAll(List.of("--expect-mrtd", "b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217"));
        CliRun r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        // skipped: only the checks of evidence the capture does not serve (OHTTP signature, ACI envelope) and the
        // model comparison, which needs the requested model
        assertThat(r.out()).contains("✓ tdx.quote.signature").contains("✓ nvidia.nras.jwt")
                .contains("✓ tdx.measurements.policy").contains("✓ compose.same_td").doesNotContain("✗")
                .contains("– ohttp.signature").contains("– aci.keyset.digest").contains("– model.match")
                .contains("tcb_status").contains("UpToDate")
                .contains("Verdict: PASSED at level full: 26 checks passed, 0 failed, 4 skipped.");
    }

    @Test
    void jsonOutputIsTheReport() throws Exception {
        List<String> args = full(file("0001_api.venice.ai_api_v1_tee_attestation.body"));
        args.add("--json");
        CliRun r = run(args);
        assertThat(r.exitCode()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("checks")).hasSize(30);
        assertThat(report.path("measurements").path("gpu_count").asText()).isEqualTo("8");
    }

    @Test
    void theDefaultLevelSkipsCollateralChecks() {
        CliRun r = CliRun.run("", "attest", "--evidence", file("0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", NONCE, "--at", AT);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("– tdx.tcb.status").contains("not checked at level dcap");
    }

    @Test
    void levelFullWithoutItsInputsNamesTheOptionsThatGiveThem() {
        CliRun r = CliRun.run("", "attest", "--evidence", file("0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", NONCE, "--at", AT, "--policy", "full");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✗ tdx.collateral.signatures  no Intel collateral given: level full needs it"
                        + " (TCB info, QE identity, CRLs); give it with --collateral FILE")
                .contains("✗ nvidia.nras.jwt").contains("no NRAS answer and no NRAS key set (JWKS) given")
                .contains("; give them with --nras FILE --jwks FILE");
        assertThat(r.oneErrorLine()).isTrue();
        assertThat(r.err()).startsWith("attest: verification failed: tdx.collateral.signatures: ")
                .contains("--collateral FILE");
    }

    @Test
    void anotherNonceFailsWithOneLineOnStderr() {
        String other = "00" + NONCE.substring(2);
        CliRun r = CliRun.run("", "attest", "--evidence", file("0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", other, "--at", AT);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✗ nonce.echo").contains("✗ tdx.reportdata.nonce").contains("FAILED");
        assertThat(r.oneErrorLine()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith("attest: verification failed: nonce.echo:");
    }

    @Test
    void anUnexpectedMeasurementFails() {
        CliRun r = CliRun.run("", "attest", "--evidence", file("0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", NONCE, "--at", AT, "--expect-rtmr3", "00".repeat(48), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"id\" : \"tdx.measurements.policy\",\n    \"status\" : \"fail\"");
    }

    @Test
    void tamperedEvidenceFailsTheRightCheck(@TempDir Path tmp) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(TestVectors.file(DIR + "0001_api.venice.ai_api_v1_tee_attestation.body").toFile());
        String quote = root.path("intel_quote").asText();
        int at = 2 * TdxQuote.parse(Hex.decode(quote)).span(TdReport.Field.TDATTRIBUTES).offset();
        String flipped = quote.substring(0, at) + "01" + quote.substring(at + 2);
        root.put("intel_quote", flipped);
        Path evidence = tmp.resolve("debug.json");
        Files.writeString(evidence, JSON.writeValueAsString(root));
        CliRun r = CliRun.run("", "attest", "--evidence", evidence.toString(), "--nonce", NONCE, "--at", AT);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("✗ tdx.quote.signature").contains("– tdx.debug");
        assertThat(r.err()).startsWith("attest: verification failed: tdx.quote.signature");
    }

    @Test
    void aMalformedFieldIsReportedByTheCheckThatReadsIt(@TempDir Path tmp) throws Exception {
        Path evidence = tmp.resolve("bad.json");
        Files.writeString(evidence, "{\"signing_key\":\"04nothex\"}");
        CliRun r = CliRun.run("", "attest", "--evidence", evidence.toString(), "--nonce", NONCE);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).isTrue();
        assertThat(r.out()).contains("✗ key.present").contains("attestation field 'signing_key'");
    }

    @Test
    void aQuoteInNeitherHexNorBase64IsAReportNotABareError(@TempDir Path tmp) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(TestVectors.file(DIR + "0001_api.venice.ai_api_v1_tee_attestation.body").toFile());
        root.put("intel_quote", "%%% not a quote %%%");
        Path evidence = tmp.resolve("odd-quote.json");
        Files.writeString(evidence, JSON.writeValueAsString(root));
        CliRun basic = CliRun.run("", "attest", "--evidence", evidence.toString(), "--nonce", NONCE, "--at", AT,
                "--policy", "basic");
        assertThat(basic.exitCode()).as(basic.err()).isZero();
        assertThat(basic.out()).contains("✓ key.address").contains("Verdict: PASSED at level basic");
        CliRun dcap = CliRun.run("", "attest", "--evidence", evidence.toString(), "--nonce", NONCE, "--at", AT);
        assertThat(dcap.exitCode()).isEqualTo(1);
        assertThat(dcap.out()).contains("✗ tdx.quote.parse").contains("intel_quote': is neither hex nor base64")
                .contains("✓ nvidia.evidence.signature");
        assertThat(dcap.oneErrorLine()).isTrue();
        assertThat(dcap.err()).startsWith("attest: verification failed: tdx.quote.parse: attestation field"
                + " 'intel_quote': is neither hex nor base64");
    }

    @Test
    void evidenceThatIsNotAJsonObjectIsRefusedWithOneLine(@TempDir Path tmp) throws Exception {
        Path evidence = tmp.resolve("bad.json");
        Files.writeString(evidence, "[1, 2]");
        CliRun r = CliRun.run("", "attest", "--evidence", evidence.toString(), "--nonce", NONCE);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.oneErrorLine()).isTrue();
        assertThat(r.err()).contains("must be a JSON object");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        String ev = file("0001_api.venice.ai_api_v1_tee_attestation.body");
        assertThat(CliRun.run("", "attest", "--nonce", NONCE).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("", "attest", "--evidence", ev).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("", "attest", "--evidence", ev, "--nonce", "abcd").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("", "attest", "--evidence", ev, "--nonce", NONCE, "--at", "yesterday").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("", "attest", "--evidence", ev, "--nonce", NONCE, "--policy", "paranoid").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("", "attest", "--evidence", ev, "--nonce", NONCE, "--nras", ev).exitCode()).isEqualTo(2);
        assertThat(CliRun.run("", "attest", "--evidence", ev, "--nonce", NONCE, "--expect-mrtd", "xyz").exitCode())
                .isEqualTo(2);
        CliRun missing = CliRun.run("", "attest", "--evidence", "/nonexistent/evidence.json", "--nonce", NONCE);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.oneErrorLine()).isTrue();
    }

    @Test
    void anExtraTrustAnchorIsAccepted(@TempDir Path tmp) throws Exception {
        CliRun r = CliRun.run("", "attest", "--evidence", file("0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", NONCE, "--at", AT, "--trust-anchor", TestVectors.file("nvidia/NVIDIA_Device_Identity_CA.pem").toString());
        assertThat(r.exitCode()).isZero();
        Path notPem = tmp.resolve("x.pem");
        Files.writeString(notPem, "hello");
        CliRun bad = CliRun.run("", "attest", "--evidence", file("0001_api.venice.ai_api_v1_tee_attestation.body"),
                "--nonce", NONCE, "--at", AT, "--trust-anchor", notPem.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("is not a PEM or DER certificate");
    }
}
