package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.client.audit.AuditResult;
import io.venice.e2ee.client.audit.AuditVerifier;
import io.venice.e2ee.client.collateral.CollateralException;
import io.venice.e2ee.client.collateral.FetchedAnswer;
import io.venice.e2ee.client.progress.ProgressListener;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.signature.ResponseSignature;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.RequestLog;
import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client at its default level, full, against the simulator's Venice, Intel PCS and NVIDIA NRAS over loopback:
 * sessions reuse one verified attestation and its collateral (the request log shows what was asked), a rotated key
 * drops it, a fresh attestation per session when asked, expiry by NVIDIA's token lifetime, failed fetches named and
 * remembered briefly, progress heard, audit bundles that verify.
 */
class LiveClientTest {
    private static final String MODEL = "e2ee-glm-5";
    private static VeniceSimulator sim;

    /** A clock the test moves: expiry is tested by moving it, never by waiting. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().build();
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

    private static VeniceClient client(Consumer<VeniceClient.Builder> tweak) {
        VerificationPolicy.Builder p = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL);
        sim.trustAnchors().forEach(p::extraTrustAnchor);
        VeniceClient.Builder b = VeniceClient.builder().baseUrl(sim.baseUrl()).apiKey("k").policy(p.build())
                .pccs(sim.pcsBaseUrl()).nrasUrl(sim.nrasBaseUrl()).crypto(CryptoSuite.defaults());
        tweak.accept(b);
        return b.build();
    }

    private static long count(int from, String prefix) {
        List<RequestLog.Entry> all = sim.requests().entries();
        return all.subList(from, all.size()).stream().filter(e -> e.under(prefix)).count();
    }

    private static String chat(E2eeSession s, String text) {
        ChatCompletion c = s.chat(ChatRequest.ofUser(text)).readAll();
        return c.content();
    }

    @Test
    void sessionsShareOneVerifiedAttestationAndItsCollateralEachWithItsOwnKeyPair() {
        int from = sim.requests().entries().size();
        try (VeniceClient client = client(b -> { })) {
            try (E2eeSession one = client.openSession(MODEL); E2eeSession two = client.openSession(MODEL)) {
                assertThat(one.report().level()).isEqualTo(VerificationPolicy.Level.FULL);
                assertThat(one.report().passed()).isTrue();
                assertThat(two.attestation()).isSameAs(one.attestation());
                assertThat(two.clientPublicKeyHex()).isNotEqualTo(one.clientPublicKeyHex());
                assertThat(chat(two, "hello there")).isEqualTo("Echo: hello there (2 words)");
                assertThat(one.attestation().inputs().answers()).extracting(FetchedAnswer::piece)
                        .containsExactly("tcb_info", "qe_identity", "pck_crl", "root_ca_crl", "nras", "jwks");
            }
        }
        assertThat(count(from, "/api/v1/tee/attestation")).isEqualTo(1);
        assertThat(count(from, "/pcs/")).isEqualTo(4);
        assertThat(count(from, "/nras/")).isEqualTo(2);
    }

    @Test
    void aRotatedKeyDropsTheKeptAttestationOnceAndTheNextSessionUsesTheNewOne() {
        int from = sim.requests().entries().size();
        try (VeniceClient client = client(b -> { })) {
            try (E2eeSession before = client.openSession(MODEL)) {
                assertThat(chat(before, "one")).isEqualTo("Echo: one (1 word)");
            }
            sim.rotateKey(MODEL);
            try (E2eeSession stale = client.openSession(MODEL)) {
                // the kept attestation names the old key: Venice refuses it, the session attests again and retries
                assertThat(chat(stale, "two")).isEqualTo("Echo: two (1 word)");
                try (E2eeSession after = client.openSession(MODEL)) {
                    assertThat(after.attestation()).isSameAs(stale.attestation());
                    assertThat(chat(after, "three")).isEqualTo("Echo: three (1 word)");
                }
            }
        }
        assertThat(count(from, "/api/v1/tee/attestation")).isEqualTo(2);
        // the collateral did not change with the key: kept, not fetched again
        assertThat(count(from, "/pcs/")).isEqualTo(4);
    }

    @Test
    void freshAttestationGivesEverySessionItsOwnNonce() {
        int from = sim.requests().entries().size();
        try (VeniceClient client = client(b -> b.freshAttestation(true));
             E2eeSession one = client.openSession(MODEL); E2eeSession two = client.openSession(MODEL)) {
            assertThat(one.attestation().nonce()).isNotEqualTo(two.attestation().nonce());
        }
        assertThat(count(from, "/api/v1/tee/attestation")).isEqualTo(2);
        assertThat(count(from, "/nras/v3/attest/gpu")).isEqualTo(2);
        assertThat(count(from, "/pcs/")).isEqualTo(4);
    }

    @Test
    void anAttestationServesNoLongerThanNvidiasTokensAreValid() {
        MovableClock clock = new MovableClock();
        int from = sim.requests().entries().size();
        try (VeniceClient client = client(b -> b.clock(clock).attestationTtl(Duration.ofHours(2)))) {
            client.openSession(MODEL).close();
            clock.advance(Duration.ofMinutes(59));
            client.openSession(MODEL).close();
            assertThat(count(from, "/api/v1/tee/attestation")).isEqualTo(1);
            clock.advance(Duration.ofMinutes(2));
            // past the tokens' exp: attested again (the clock being an hour ahead of the simulator's, the fresh tokens
            // have expired by its time: nvidia.nras.jwt refuses them)
            assertThatThrownBy(() -> client.openSession(MODEL)).isInstanceOf(SessionException.AttestationRejected.class);
            assertThat(count(from, "/api/v1/tee/attestation")).isEqualTo(2);
        }
    }

    @Test
    void aServiceThatIsDownFailsTheSessionNamingItAndIsAskedAgainOnlyAfterTheNegativeTtl() {
        MovableClock clock = new MovableClock();
        sim.faults().enable(Fault.PCS_UNAVAILABLE);
        int from = sim.requests().entries().size();
        try (VeniceClient client = client(b -> b.clock(clock))) {
            assertThatThrownBy(() -> client.openSession(MODEL)).isInstanceOf(CollateralException.FetchFailed.class)
                    .hasMessageContaining(sim.pcsBaseUrl() + "/").hasMessageContaining("HTTP 503")
                    .hasMessageContaining("--policy dcap");
            assertThatThrownBy(() -> client.openSession(MODEL)).isInstanceOf(CollateralException.FetchFailed.class);
            assertThat(count(from, "/pcs/")).as("the failures are remembered").isEqualTo(4);
            sim.faults().clear();
            clock.advance(Duration.ofSeconds(31));
            try (E2eeSession s = client.openSession(MODEL)) {
                assertThat(s.report().passed()).isTrue();
            }
            assertThat(count(from, "/pcs/")).isEqualTo(8);
        }
    }

    @Test
    void evidenceThatFailsOnItsOwnIsRefusedWithoutAskingIntelOrNvidia() {
        sim.faults().enable(Fault.DEBUG_QUOTE);
        int from = sim.requests().entries().size();
        try (VeniceClient client = client(b -> { })) {
            assertThatThrownBy(() -> client.openSession(MODEL)).isInstanceOf(SessionException.AttestationRejected.class)
                    .hasMessageContaining("tdx.debug");
        }
        assertThat(count(from, "/pcs/") + count(from, "/nras/")).isZero();
    }

    @Test
    void theSlowStepsAreHeardAsTheyStartAndEnd() {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (VeniceClient client = client(b -> b.progress(new ProgressListener() {
            @Override
            public void started(String step) {
                heard.add("+ " + step);
            }

            @Override
            public void finished(String step, Duration took, String outcome) {
                heard.add("- " + step + ": " + outcome);
            }
        }))) {
            client.openSession(MODEL).close();
        }
        assertThat(heard).contains("+ attesting " + MODEL, "- attesting " + MODEL + ": passed full");
        assertThat(heard).filteredOn(h -> h.startsWith("- fetching")).hasSize(6).allMatch(h -> h.endsWith(": fetched"));
    }

    @Test
    void theClientWritesBundlesThatVerifyOffline(@TempDir Path audit) {
        try (VeniceClient client = client(b -> b.auditDirectory(audit))) {
            try (E2eeSession s = client.openSession(MODEL)) {
                chat(s, "for the record");
            }
            client.auditTrail().orElseThrow().await(60_000);
            assertThat(client.auditTrail().orElseThrow().written()).hasSize(2);
            assertThat(client.auditTrail().orElseThrow().failures()).isEmpty();
        }
        AuditVerifier verifier = new AuditVerifier(CryptoSuite.defaults());
        for (Path b : List.copyOf(listBundles(audit))) {
            AuditResult r = verifier.verify(b, null, null);
            assertThat(r.problems()).as(b.toString()).isEmpty();
            assertThat(r.passed()).isTrue();
        }
    }

    @Test
    void aGatewayModelsBundleChecksItsReceiptAgainAsTheClientDid(@TempDir Path audit) {
        sim.faults().enable(Fault.RECEIPT_TAMPERED);
        AuditResult r = new AuditVerifier(CryptoSuite.defaults()).verify(gatewayCompletionBundle(audit), null, null);
        assertThat(r.differences()).as("the recorded receipt verdict is the re-run one").isEmpty();
        assertThat(r.signature().check("receipt.signature").orElseThrow().verdict())
                .isEqualTo(io.venice.e2ee.signature.SignatureReport.Verdict.FAILED);
        assertThat(r.passed()).isFalse();
    }

    /** One completion of the gateway model {@code e2ee-glm-5-2-p}, audited into {@code audit}: its bundle. */
    private static Path gatewayCompletionBundle(Path audit) {
        try (VeniceClient client = client(b -> b.auditDirectory(audit))) {
            try (E2eeSession s = client.openSession("e2ee-glm-5-2-p")) {
                chat(s, "for the record");
            }
            client.auditTrail().orElseThrow().await(60_000);
            assertThat(client.auditTrail().orElseThrow().failures()).isEmpty();
        }
        AuditVerifier verifier = new AuditVerifier(CryptoSuite.defaults());
        List<Path> completions = listBundles(audit).stream()
                .filter(b -> verifier.verify(b, null, null).signature() != null).toList();
        assertThat(completions).as("one completion bundle").hasSize(1);
        return completions.get(0);
    }

    @Test
    void aGatewayBundleKeepsTheSignatureAnswerAsServedReceiptIncluded(@TempDir Path audit) throws Exception {
        Path bundle = gatewayCompletionBundle(audit);
        String kept = Files.readString(bundle.resolve("signature.json"));
        assertThat(ResponseSignature.parse(kept.getBytes(StandardCharsets.UTF_8)).hasReceipt()).isTrue();
        AuditResult r = new AuditVerifier(CryptoSuite.defaults()).verify(bundle, null, null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.signature().check("signature.receipt")).as("the receipt was checked again").isPresent();
        assertThat(r.signature().checks()).extracting(SignatureReport.Check::id).anyMatch(id -> id.startsWith("receipt."));
    }

    @Test
    void anEditedReceiptInAGatewayBundleIsCaughtEvenWithItsManifestRehashed(@TempDir Path audit) throws Exception {
        Path bundle = gatewayCompletionBundle(audit);
        Path file = bundle.resolve("signature.json");
        String served = Files.readString(file);
        Matcher at = Pattern.compile("\"served_at\"\\s*:\\s*\"?(\\d)").matcher(served);
        assertThat(at.find()).as("the receipt's served_at in " + served).isTrue();
        char digit = served.charAt(at.start(1));
        String edited = served.substring(0, at.start(1)) + (digit == '1' ? '2' : '1') + served.substring(at.end(1));
        Files.writeString(file, edited);
        BundleEdits.rewriteManifest(bundle);
        AuditResult r = new AuditVerifier(CryptoSuite.defaults()).verify(bundle, null, null);
        assertThat(r.manifest()).as("the editor re-hashed the manifest").isEmpty();
        assertThat(r.signature().checks()).filteredOn(c -> c.id().startsWith("receipt."))
                .extracting(SignatureReport.Check::verdict).contains(SignatureReport.Verdict.FAILED);
        assertThat(r.differences()).anyMatch(d -> d.contains("receipt."));
        assertThat(r.intact()).isFalse();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aBundleInTheEarlierFourFieldFormStillVerifiesAndNeverPassesItsUnkeptReceipt(@TempDir Path audit)
            throws Exception {
        Path bundle = gatewayCompletionBundle(audit);
        Path file = bundle.resolve("signature.json");
        ResponseSignature served = ResponseSignature.parse(Files.readAllBytes(file));
        // what the writer stored before answers were kept as served: four fields, no receipt
        ObjectNode four = new ObjectMapper().createObjectNode().put("text", served.text())
                .put("signature", served.signature()).put("signing_address", served.signingAddress())
                .put("signing_algo", served.signingAlgo());
        Files.writeString(file, four.toPrettyString());
        BundleEdits.rewriteManifest(bundle);
        AuditResult r = new AuditVerifier(CryptoSuite.defaults()).verify(bundle, null, null);
        assertThat(r.differences()).as("no false 'differs' for what could not be kept").isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.signature().check("signature.address").orElseThrow().verdict())
                .isEqualTo(SignatureReport.Verdict.PASSED);
        SignatureReport.Check receipt = r.signature().check("signature.receipt").orElseThrow();
        assertThat(receipt.verdict()).isEqualTo(SignatureReport.Verdict.UNVERIFIABLE);
        assertThat(receipt.reason()).contains("without its receipt", "cannot be checked again");
        assertThat(r.signature().verdict()).isNotEqualTo(SignatureReport.Verdict.PASSED);
    }

    private static List<Path> listBundles(Path dir) {
        try {
            return AuditVerifier.bundles(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
