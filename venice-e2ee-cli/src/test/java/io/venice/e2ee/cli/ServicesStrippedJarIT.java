package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.VerificationPolicy.Level;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as a careless repackaging would leave it, with every {@code META-INF/services} entry dropped:
 * attestation still runs every check each level requires, offline on the recorded Venice capture, and a quote with
 * one byte of its signature flipped is still refused. The built-in checks are called, not looked up.
 */
class ServicesStrippedJarIT {
    private static final String DIR = "venice/capture-2026-04-24/";
    private static final String NONCE = TestVectors.json(DIR + "manifest.json").path("nonce_hex").asText();
    private static final String AT = "2026-04-24T01:58:41Z";
    private static final String EVIDENCE = "0001_api.venice.ai_api_v1_tee_attestation.body";

    /** What each level requires, written out here independently of the library's table. */
    private static final Map<Level, List<String>> REQUIRED = Map.of(
            Level.BASIC, List.of("server.verified", "nonce.echo", "key.present", "key.address"),
            Level.TDX, List.of("server.verified", "nonce.echo", "key.present", "key.address", "tdx.quote.parse",
                    "tdx.debug", "tdx.td.policy", "tdx.reportdata.address", "tdx.reportdata.nonce"),
            Level.DCAP, List.of("server.verified", "nonce.echo", "key.present", "key.address", "tdx.quote.parse",
                    "tdx.pck.chain", "tdx.qe.signature", "tdx.qe.identity", "tdx.qe.reportdata", "tdx.quote.signature",
                    "tdx.debug", "tdx.td.policy", "tdx.reportdata.address", "tdx.reportdata.nonce", "nvidia.cert.chain",
                    "nvidia.evidence.signature", "nvidia.nonce"),
            Level.FULL, List.of("server.verified", "nonce.echo", "key.present", "key.address", "tdx.quote.parse",
                    "tdx.pck.chain", "tdx.qe.signature", "tdx.qe.identity", "tdx.qe.reportdata", "tdx.quote.signature",
                    "tdx.debug", "tdx.td.policy", "tdx.reportdata.address", "tdx.reportdata.nonce",
                    "tdx.collateral.signatures", "tdx.tcb.status", "tdx.eventlog.rtmr", "tdx.compose.hash",
                    "nvidia.cert.chain", "nvidia.evidence.signature", "nvidia.nonce", "nvidia.nras.jwt"));

    @TempDir
    static Path tmp;
    private static Path stripped;

    @BeforeAll
    static void stripTheServices() throws IOException {
        Path shaded = Launcher.ROOT.resolve("venice-e2ee-cli/target/venice-e2ee.jar");
        stripped = tmp.resolve("stripped.jar");
        int dropped = 0;
        try (JarFile in = new JarFile(shaded.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(stripped))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("META-INF/services/")) {
                    dropped++;
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        // the shaded jar does carry services (the crypto providers among them): stripping them is a real change
        assertThat(dropped).isGreaterThan(1);
        try (JarFile check = new JarFile(stripped.toFile())) {
            assertThat(check.stream().map(JarEntry::getName)).noneMatch(n -> n.startsWith("META-INF/services/"));
            assertThat(check.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
        }
    }

    private static String file(String name) {
        return TestVectors.file(DIR + name).toString();
    }

    private static Launcher.Result attest(String evidence, Level level) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", stripped.toString(), "attest", "--evidence", evidence, "--nonce", NONCE,
                "--at", AT, "--policy", level.label()));
        if (level == Level.FULL) {
            command.addAll(List.of("--collateral", file("collateral.json"),
                    "--nras", file("0006_nras.attestation.nvidia.com_v3_attest_gpu.body"),
                    "--jwks", file("0007_nras.attestation.nvidia.com_.well-known_jwks.json.body")));
        }
        return Launcher.exec(command, "");
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void everyRequiredCheckOfTheLevelRunsAndPasses(Level level) {
        assertThat(level.requiredChecks()).containsExactlyElementsOf(REQUIRED.get(level));
        Launcher.Result r = attest(file(EVIDENCE), level);
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String id : REQUIRED.get(level)) {
            assertThat(r.out()).as(id).containsPattern(Pattern.compile("(?m)^  ✓ " + Pattern.quote(id) + " "));
        }
        assertThat(r.out()).doesNotContain("✗")
                .contains("Verdict: PASSED at level " + level.label())
                .contains("All " + REQUIRED.get(level).size() + " required checks passed.");
    }

    @Test
    void aQuoteWithOneSignatureByteFlippedExitsOneNamingTheQuoteSignature() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(TestVectors.file(DIR + EVIDENCE).toFile());
        byte[] quote = Hex.decode(root.path("intel_quote").asText());
        quote[TdxQuote.parse(quote).span(TdxQuote.Part.QUOTE_SIGNATURE).offset() + 10] ^= 1;
        root.put("intel_quote", Hex.encode(quote));
        Path tampered = tmp.resolve("tampered.json");
        try (OutputStream out = Files.newOutputStream(tampered)) {
            json.writeValue(out, root);
        }
        Launcher.Result r = attest(tampered.toString(), Level.DCAP);
        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("✗ tdx.quote.signature").contains("– tdx.debug")
                .contains("Verdict: FAILED at level dcap")
                .contains("tdx.debug: required at level dcap but did not run (depends on tdx.quote.signature which"
                        + " failed)");
        assertThat(r.err().strip()).startsWith("attest: verification failed: tdx.quote.signature: ")
                .doesNotContain("\n");
    }
}
