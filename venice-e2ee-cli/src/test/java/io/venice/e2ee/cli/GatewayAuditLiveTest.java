package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.GatewayAttestation;
import io.venice.e2ee.client.RetryPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.client.audit.AuditResult;
import io.venice.e2ee.client.audit.AuditVerifier;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.AciReceiptVerifier;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit bundles of completions whose receipt's gateway the client attested online, against the simulator over
 * loopback at level full: the gateway's answer as served, the nonce, URL, time and Intel's answers for its quote are
 * recorded, and the offline re-check verifies the answer again and hands its keyset to the receipt, so a genuine
 * receipt re-checks {@code VERIFIED}, a forged gateway re-checks refused, an edited answer is caught, a failed fetch
 * re-checks as that failure, and a bundle without the gateway's files checks as it always did.
 */
class GatewayAuditLiveTest {
    private static final String MODEL = "e2ee-glm-5-2-p";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static VeniceSimulator sim;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().apiKey("venice-key").build();
        sim.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.faults().clear();
    }

    /** One audited chat with the gateway's model; the client's signature report and the completion's bundle. */
    private record Audited(SignatureReport live, Path bundle) {
    }

    private static Audited chat(Path audit, Consumer<VeniceClient.Builder> gateway) {
        VerificationPolicy.Builder p = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL);
        sim.trustAnchors().forEach(p::extraTrustAnchor);
        VeniceClient.Builder b = VeniceClient.builder().baseUrl(sim.baseUrl()).apiKey("venice-key").policy(p.build())
                .pccs(sim.pcsBaseUrl()).nrasUrl(sim.nrasBaseUrl()).crypto(CryptoSuite.defaults())
                .auditDirectory(audit);
        gateway.accept(b);
        SignatureReport live;
        try (VeniceClient client = b.build()) {
            try (E2eeSession s = client.openSession(MODEL)) {
                ChatCompletion done = s.chat(ChatRequest.ofUser("for the record")).readAll();
                live = s.verifySignature(done);
            }
            assertThat(client.auditTrail().orElseThrow().await(60_000)).isTrue();
            assertThat(client.auditTrail().orElseThrow().failures()).isEmpty();
        }
        try (Stream<Path> all = Files.list(audit)) {
            Path bundle = all.filter(d -> d.getFileName().toString().contains("-completion-")).findFirst()
                    .orElseThrow();
            return new Audited(live, bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditResult recheck(Path bundle) {
        return new AuditVerifier(CryptoSuite.defaults()).verify(bundle, null, null);
    }

    private static SignatureReport.Check check(SignatureReport r, String id) {
        return r.check(id).orElseThrow(() -> new AssertionError(id + " is absent from " + r.summary()));
    }

    @Test
    void aGenuineGatewaysAnswerIsRecordedAndItsReceiptReChecksVerified(@TempDir Path audit) throws Exception {
        Audited a = chat(audit, VeniceClient.Builder::verifyGatewayAttestation);
        assertThat(check(a.live(), GatewayAttestation.CHECK).verdict()).isEqualTo(SignatureReport.Verdict.PASSED);

        Path bundle = a.bundle();
        var g = JSON.readTree(bundle.resolve("bundle.json").toFile()).path("gateway");
        assertThat(g.path("status").asText()).isEqualTo("ATTESTED");
        assertThat(g.path("url").asText()).startsWith("http://" + sim.baseUrl().getRawAuthority()
                + "/v1/aci/attestation?nonce=" + g.path("nonce").asText());
        assertThat(g.path("nonce").asText()).matches("[0-9a-f]{64}");
        assertThat(g.path("verified_at").asText()).isNotBlank();
        assertThat(JSON.readTree(bundle.resolve("gateway/attestation.json").toFile()).path("api_version").asText())
                .isNotBlank();
        // level full: Intel's answers for the gateway's quote are kept, and every file is in the manifest
        assertThat(g.path("answers")).isNotEmpty();
        String manifest = Files.readString(bundle.resolve("manifest.sha256"));
        assertThat(manifest).contains("  gateway/attestation.json\n");
        g.path("answers").forEach(p -> assertThat(manifest).contains("  gateway/collateral/" + p.asText() + ".body\n")
                .contains("  gateway/collateral/" + p.asText() + ".json\n"));

        AuditResult r = recheck(bundle);
        assertThat(r.problems()).isEmpty();
        assertThat(r.differences()).isEmpty();
        SignatureReport.Check gateway = check(r.signature(), GatewayAttestation.CHECK);
        assertThat(gateway.verdict()).isEqualTo(SignatureReport.Verdict.PASSED);
        assertThat(gateway.reason()).startsWith("ATTESTED:").contains("at level full")
                .contains("Intel's recorded answers");
        assertThat(check(r.signature(), AciReceiptVerifier.VERDICT_CHECK).reason()).startsWith("VERIFIED:");
        assertThat(r.signature().signedByEnclave()).isTrue();

        CliRun cli = CliRun.run("", "audit", "verify", audit.toString());
        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isZero();
        assertThat(cli.out()).contains("Verdict: VERIFIED");
    }

    @Test
    void aForgedGatewayIsRecordedRefusedAndReChecksRefusedWithoutADifference(@TempDir Path audit) throws Exception {
        sim.faults().enable(Fault.GATEWAY_WRONG_NONCE);
        Audited a = chat(audit, VeniceClient.Builder::verifyGatewayAttestation);
        assertThat(check(a.live(), GatewayAttestation.CHECK).verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
        assertThat(JSON.readTree(a.bundle().resolve("bundle.json").toFile()).path("gateway").path("status").asText())
                .isEqualTo("REFUSED");
        assertThat(a.bundle().resolve("gateway/attestation.json")).exists();

        AuditResult r = recheck(a.bundle());
        assertThat(r.differences()).isEmpty();
        assertThat(r.manifest()).isEmpty();
        SignatureReport.Check gateway = check(r.signature(), GatewayAttestation.CHECK);
        assertThat(gateway.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
        assertThat(gateway.reason()).startsWith("REFUSED:").contains("aci.gateway.reportdata");
        assertThat(check(r.signature(), AciReceiptVerifier.VERDICT_CHECK).reason())
                .startsWith("SIGNED_BY_UNATTESTED_KEY:");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void anEditedGatewayAnswerIsCaughtEvenWithItsManifestRehashed(@TempDir Path audit) throws Exception {
        Audited a = chat(audit, VeniceClient.Builder::verifyGatewayAttestation);
        Path file = a.bundle().resolve("gateway/attestation.json");
        String served = Files.readString(file, StandardCharsets.UTF_8);
        // one character of the quote's signed body changed, in the answer's own text
        String quote = JSON.readTree(served).path("attestation").path("evidence").path("quote").asText();
        assertThat(quote.length()).isGreaterThan(400);
        char c = quote.charAt(200);
        String forged = quote.substring(0, 200) + (c == '0' ? '1' : '0') + quote.substring(201);
        assertThat(served).contains(quote);
        String edited = served.replace(quote, forged);
        Files.writeString(file, edited, StandardCharsets.UTF_8);
        BundleEdits.rewriteManifest(a.bundle());

        AuditResult r = recheck(a.bundle());
        assertThat(r.manifest()).as("the editor re-hashed the manifest").isEmpty();
        SignatureReport.Check gateway = check(r.signature(), GatewayAttestation.CHECK);
        assertThat(gateway.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
        assertThat(r.differences()).anyMatch(d -> d.contains(GatewayAttestation.CHECK + " as PASSED"))
                .anyMatch(d -> d.contains(AciReceiptVerifier.VERDICT_CHECK));
        assertThat(r.intact()).isFalse();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aFailedFetchIsRecordedWithoutAnAnswerAndReChecksAsThatFailure(@TempDir Path audit) throws Exception {
        URI closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        URI gatewayUrl = closed;
        Audited a = chat(audit, b -> b.verifyGatewayAttestation(gatewayUrl).retryPolicy(RetryPolicy.none()));
        var g = JSON.readTree(a.bundle().resolve("bundle.json").toFile()).path("gateway");
        assertThat(g.path("status").asText()).isEqualTo("FETCH_FAILED");
        assertThat(g.path("reason").asText()).contains("could not get the gateway's attestation from " + gatewayUrl);
        assertThat(g.path("attestation").isNull()).isTrue();
        assertThat(a.bundle().resolve("gateway")).doesNotExist();

        AuditResult r = recheck(a.bundle());
        assertThat(r.differences()).isEmpty();
        SignatureReport.Check gateway = check(r.signature(), GatewayAttestation.CHECK);
        assertThat(gateway.verdict()).isEqualTo(SignatureReport.Verdict.FAILED);
        assertThat(gateway.reason()).startsWith("FETCH_FAILED: could not get the gateway's attestation")
                .contains("nothing can be verified again");
        assertThat(check(r.signature(), AciReceiptVerifier.VERDICT_CHECK).reason())
                .startsWith("SIGNED_BY_UNATTESTED_KEY:");
    }

    @Test
    void aBundleWithoutTheGatewaysFilesChecksAsBefore(@TempDir Path audit) {
        Audited a = chat(audit, b -> { });
        assertThat(a.bundle().resolve("gateway")).doesNotExist();
        AuditResult r = recheck(a.bundle());
        assertThat(r.differences()).isEmpty();
        assertThat(r.manifest()).isEmpty();
        assertThat(r.signature().check(GatewayAttestation.CHECK)).isEmpty();
        SignatureReport.Check receipt = check(r.signature(), AciReceiptVerifier.VERDICT_CHECK);
        assertThat(receipt.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
        assertThat(receipt.reason()).startsWith("SIGNED_BY_UNATTESTED_KEY:");
    }
}
