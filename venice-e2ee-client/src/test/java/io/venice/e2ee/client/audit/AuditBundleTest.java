package io.venice.e2ee.client.audit;

import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.cache.TestClock;
import io.venice.e2ee.client.collateral.Capture;
import io.venice.e2ee.client.collateral.FetchedAnswer;
import io.venice.e2ee.client.collateral.LiveInputs;
import io.venice.e2ee.client.collateral.ReplayServer;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Audit bundles of the recorded Venice attestation with Intel's and NVIDIA's real answers: written append-only with
 * a SHA-256 manifest, checked again offline from the bundle alone, and every edited byte found and named, even when
 * the manifest was edited to match.
 */
class AuditBundleTest {
    private static final Map<String, String> PIECES = Map.of(
            "tcb_info", "/tdx/certification/v4/tcb", "qe_identity", "/tdx/certification/v4/qe/identity",
            "pck_crl", "/sgx/certification/v4/pckcrl", "root_ca_crl", "/IntelSGXRootCA.der",
            "nras", "/v3/attest/gpu", "jwks", "/.well-known/jwks.json");

    private final TestClock clock = new TestClock(Capture.TIME.plusSeconds(1));
    private final AuditVerifier verifier = new AuditVerifier(CryptoSuite.defaults());

    /** The capture as a session verified at level full: its evidence and Intel's and NVIDIA's answers. */
    private static SessionEvidence capture() {
        List<FetchedAnswer> answers = new ArrayList<>();
        for (String piece : List.of("tcb_info", "qe_identity", "pck_crl", "root_ca_crl", "nras", "jwks")) {
            ReplayServer.Answer a = ReplayServer.captured(ReplayServer.CAPTURED.get(PIECES.get(piece)));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            a.headers().forEach((k, v) -> headers.put(k, List.of(v)));
            answers.add(new FetchedAnswer(piece, piece.equals("nras") ? "POST" : "GET",
                    URI.create("https://services.example" + PIECES.get(piece)), 200, headers, a.body(),
                    Capture.TIME.minusSeconds(8), FetchedAnswer.Origin.NETWORK, null));
        }
        LiveInputs inputs = LiveInputs.assemble(answers);
        VerificationPolicy policy = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build();
        VerificationReport report = AttestationVerification.verify(Capture.report(), policy, VerificationContext
                .builder().expectedNonce(Capture.nonce()).at(Capture.TIME).collateral(inputs.collateral())
                .nras(inputs.nras()).jwks(inputs.jwks()).build());
        assertThat(report.passed()).as(report.summary()).isTrue();
        return new SessionEvidence("e2ee-qwen3-5-122b-a10b", URI.create("https://api.venice.ai/api/v1"),
                Capture.nonce(), Capture.attestationJson(), inputs, policy, Capture.TIME, report);
    }

    private AuditWriter.Written write(Path dir) throws Exception {
        return new AuditWriter(dir, clock).write(AuditWriter.Kind.ATTESTATION, capture());
    }

    @Test
    void aBundleHoldsEveryInputAsItArrivedAndVerifiesOfflineToTheSameReport(@TempDir Path dir) throws Exception {
        AuditWriter.Written w = write(dir);
        Path b = w.directory();
        assertThat(b.getFileName().toString()).startsWith("20260424T015842.000Z-attestation-e2ee-qwen3-5-122b-a10b-");
        assertThat(Files.readAllBytes(b.resolve("attestation.json"))).isEqualTo(Capture.attestationJson());
        assertThat(Files.readString(b.resolve("nonce.hex")).strip()).isEqualTo(io.venice.e2ee.crypto.Hex.encode(Capture.nonce()));
        assertThat(Files.readAllBytes(b.resolve("collateral/pck_crl.body"))).isEqualTo(
                ReplayServer.captured(ReplayServer.CAPTURED.get("/sgx/certification/v4/pckcrl")).body());
        assertThat(Files.readString(b.resolve("collateral/tcb_info.json"))).contains("tcb-info-issuer-chain")
                .contains("\"fetched_at\"");
        String manifest = Files.readString(b.resolve("manifest.sha256"));
        assertThat(manifest.lines()).allMatch(l -> l.matches("[0-9a-f]{64}  [a-z_./0-9-]+"));
        assertThat(manifest).contains("  attestation.json\n").contains("  verification.json\n");
        assertThat(w.manifestSha256()).isEqualTo(Manifest.sha256(manifest.getBytes(StandardCharsets.UTF_8)));

        AuditResult r = verifier.verify(b, null, null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.passed()).isTrue();
        assertThat(r.at()).isEqualTo(Capture.TIME);
        assertThat(r.report().toJson()).isEqualTo(Files.readString(b.resolve("verification.json")));
        assertThat(r.report().check("nvidia.nras.jwt").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void everyBundleIsANewDirectoryAndNoFileIsEverWrittenOver(@TempDir Path dir) throws Exception {
        Path first = write(dir).directory();
        Path second = write(dir).directory();
        assertThat(first).isNotEqualTo(second);
        // listed by name: by time, and in any order within one instant (the clock here stands still)
        assertThat(AuditVerifier.bundles(dir)).containsExactlyInAnyOrder(first, second).isSorted();
        BundleWriter b = BundleWriter.create(dir, clock.instant(), "session", "m");
        b.write("a.txt", "one");
        assertThatThrownBy(() -> b.write("a.txt", "two")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(b.directory().resolve("a.txt"))).isEqualTo("one");
        assertThatThrownBy(() -> b.write("../escape.txt", "x")).hasMessageContaining("inside the bundle");
    }

    @Test
    void oneEditedByteIsNamedByTheManifest(@TempDir Path dir) throws Exception {
        Path b = write(dir).directory();
        flipByte(b.resolve("collateral/tcb_info.body"), 200);
        AuditResult r = verifier.verify(b, null, null);
        assertThat(r.intact()).isFalse();
        assertThat(r.manifest()).containsExactly("collateral/tcb_info.body was edited: its SHA-256 differs from"
                + " manifest.sha256");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void anEditWhoseManifestWasEditedTooFailsTheEvidenceItself(@TempDir Path dir) throws Exception {
        Path b = write(dir).directory();
        Path tcb = b.resolve("collateral/tcb_info.body");
        String body = Files.readString(tcb);
        Files.writeString(tcb, body.replace("\"UpToDate\"", "\"Revoked\""));
        rewriteManifest(b);
        AuditResult r = verifier.verify(b, null, null);
        assertThat(r.manifest()).isEmpty();
        assertThat(r.report().check("tdx.collateral.signatures").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(r.differences()).anyMatch(d -> d.contains("tdx.collateral.signatures") && d.contains("pass")
                && d.contains("fail"));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).anyMatch(p -> p.startsWith("tdx.collateral.signatures: ")
                && p.contains("TCB info signature does not verify"));
    }

    @Test
    void anEditedNonceFailsItsBindingAndAnEditedReportDiffersFromTheReRun(@TempDir Path dir) throws Exception {
        Path b = write(dir).directory();
        String nonce = Files.readString(b.resolve("nonce.hex"));
        Files.writeString(b.resolve("nonce.hex"), (nonce.charAt(0) == 'a' ? "b" : "a") + nonce.substring(1));
        rewriteManifest(b);
        AuditResult r = verifier.verify(b, null, null);
        assertThat(r.report().check("tdx.reportdata.nonce").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(r.passed()).isFalse();

        Path other = write(dir).directory();
        Path report = other.resolve("verification.json");
        Files.writeString(report, Files.readString(report).replaceFirst("\"status\" : \"pass\"", "\"status\" : \"skip\""));
        rewriteManifest(other);
        AuditResult edited = verifier.verify(other, null, null);
        assertThat(edited.report().passed()).isTrue();
        assertThat(edited.differences()).singleElement().asString().startsWith("verification.json records")
                .contains("as skip but it re-verifies pass");
        assertThat(edited.passed()).isFalse();
    }

    @Test
    void anAddedOrRemovedFileIsNamed(@TempDir Path dir) throws Exception {
        Path b = write(dir).directory();
        Files.writeString(b.resolve("note.txt"), "added later");
        Files.delete(b.resolve("collateral/jwks.json"));
        AuditResult r = verifier.verify(b, null, null);
        assertThat(r.manifest()).contains("collateral/jwks.json is listed in manifest.sha256 but missing",
                "note.txt is not listed in manifest.sha256 (added after the bundle was written)");
        assertThat(r.error()).contains("collateral/jwks.json");
    }

    @Test
    void atAnotherTimeTheChecksRunAgainThenWithoutComparingToTheRecord(@TempDir Path dir) throws Exception {
        Path b = write(dir).directory();
        AuditResult later = verifier.verify(b, Capture.NRAS_EXP.plus(Duration.ofMinutes(1)), null);
        assertThat(later.intact()).isTrue();
        assertThat(later.report().check("nvidia.nras.jwt").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(later.report().check("nvidia.nras.jwt").orElseThrow().reason()).contains("expired");
        assertThat(later.passed()).isFalse();
        AuditResult before = verifier.verify(b, Instant.parse("2026-04-24T02:30:00Z"), null);
        assertThat(before.passed()).isTrue();
    }

    @Test
    void givenAnchorsReplaceTheRecordedOnes(@TempDir Path dir) throws Exception {
        Path b = write(dir).directory();
        var testRoot = io.venice.e2ee.testing.pki.IntelPki.builder().build().root().certificate();
        AuditResult r = verifier.verify(b, null, List.of(testRoot));
        assertThat(r.recordedAnchors()).isFalse();
        // the pinned roots always count: Intel's evidence still verifies
        assertThat(r.passed()).isTrue();
    }

    private static void flipByte(Path file, int at) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[at] ^= 0x01;
        Files.write(file, b);
    }

    /** What an editor covering their tracks does: a manifest that matches the edited files. */
    private static void rewriteManifest(Path bundle) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(bundle)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = bundle.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(Manifest.FILE)) {
                    files.put(rel, Files.readAllBytes(p));
                }
            }
        }
        Files.writeString(bundle.resolve(Manifest.FILE), Manifest.of(files));
    }
}
