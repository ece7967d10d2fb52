package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.aci.AciStatements;
import io.venice.e2ee.attestation.aci.WorkloadKeyset;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.testing.pki.IntelPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier of a gateway's own ACI attestation. The real report of 2026-08-28 was published without its
 * quote, so the full path runs on gateway attestations assembled from it: its real keyset, key custody and
 * provenance, the recorded Venice TD's event log and app compose, and that TD's quote re-signed under the test PKI
 * with REPORTDATA set to the statement for our nonce. Each forgery of what a check reads is refused by that check, and
 * no keyset is attested unless everything passed.
 */
class AciGatewayVerificationTest {
    private static final JsonNode REAL = TestVectors.json(
            "aci/2026-08-28_inference.phala.com_v1_aci_attestation.partial.json");
    private static final byte[] NONCE = Hex.decode("434fe0866976bf566484a1f11dbb0a55d9d4554b84f25ccd1ddd9095375722b1");
    private static final String REAL_DIGEST = REAL.path("workload_keyset_digest").asText();
    private static IntelPki pki;

    @BeforeAll
    static void testPki() {
        pki = IntelPki.builder().build();
    }

    private static VerificationPolicy policy() {
        return VerificationPolicy.builder().extraTrustAnchor(pki.root().certificate()).build();
    }

    private static VerificationContext ctx(byte[] nonce) {
        return VerificationContext.builder().expectedNonce(nonce).at(Evidence.CAPTURE_TIME).build();
    }

    /** A current-form gateway attestation whose quote binds {@code statement}'s hash and {@code tail}. */
    private static ObjectNode gateway(byte[] reportData32, byte[] tail, Consumer<ObjectNode> editKeyset) {
        ObjectNode doc = REAL.deepCopy();
        doc.remove("_fixture_note");
        ObjectNode att = (ObjectNode) doc.get("attestation");
        editKeyset.accept((ObjectNode) att.get("workload_keyset"));
        byte[] rd = new byte[64];
        System.arraycopy(reportData32, 0, rd, 0, 32);
        System.arraycopy(tail, 0, rd, 32, 32);
        byte[] quote = QuoteForge.resign(Evidence.captureQuote(), pki, b -> b.set(TdReport.Field.REPORTDATA, rd));
        JsonNode capture = AttestationReport.parse(Evidence.captureJson()).tcbInfo().toOptional().orElseThrow();
        att.put("report_data", Hex.encode(reportData32));
        ((ObjectNode) att.get("evidence")).put("quote", Hex.encode(quote)).put("quote_report_data", Hex.encode(rd))
                .put("event_log", capture.path("event_log").toString())
                .put("app_compose", capture.path("app_compose").asText())
                .put("vm_config", "{\"spec_version\":1,\"num_gpus\":0,\"image\":\"dstack-dev-0.5.9\"}");
        return doc;
    }

    private static ObjectNode genuine() {
        return gateway(AciStatements.reportData(AciStatements.current(REAL_DIGEST, Hex.encode(NONCE))), new byte[32],
                ks -> { });
    }

    private static AciGatewayReport verify(JsonNode doc, String expected) {
        return AciGatewayVerification.verify(doc.toString(), expected, policy(), ctx(NONCE));
    }

    private static void assertRefused(AciGatewayReport r, Set<String> failed) {
        Checks.assertFailures(r.report(), failed, Set.of());
        assertThat(r.passed()).isFalse();
        assertThat(r.attestedKeyset()).isEmpty();
    }

    @Test
    void aGenuineAttestationAttestsTheKeyset() {
        AciGatewayReport r = verify(genuine(), REAL_DIGEST);
        VerificationReport vr = r.report();
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(r.attestedKeyset().orElseThrow().digest()).isEqualTo(REAL_DIGEST);
        assertThat(r.attestedKeyset().orElseThrow().keyset().receiptKey("dstack-kms-receipt-ed25519-v1")).isPresent();
        assertThat(vr.checks()).extracting(VerificationReport.Check::id).containsExactly("aci.gateway.envelope",
                "tdx.quote.parse", "tdx.pck.chain", "tdx.qe.signature", "tdx.qe.reportdata", "tdx.quote.signature",
                "tdx.debug", "tdx.collateral.signatures", "tdx.tcb.status", "tdx.measurements.policy",
                "tdx.eventlog.rtmr", "tdx.compose.hash", "aci.gateway.keyset.digest", "aci.gateway.workload_id",
                "aci.gateway.reportdata", "aci.gateway.keyset.expiry", "aci.gateway.keyset.match",
                "aci.gateway.endorsement");
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("tdx.compose.hash").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("aci.gateway.reportdata").orElseThrow().reason()).isEqualTo("REPORTDATA is SHA-256("
                + "{\"keyset_digest\":\"" + REAL_DIGEST + "\",\"nonce\":\"" + Hex.encode(NONCE) + "\",\"purpose\":"
                + "\"aci.report_data.v1\"}) ‖ 32 zero bytes: the quote binds this keyset and our nonce");
        assertThat(vr.requiredChecks()).contains("aci.gateway.reportdata", "aci.gateway.keyset.match",
                "tdx.quote.signature").doesNotContain("aci.gateway.workload_id");
        assertThat(vr.facts().aci().orElseThrow().keysetAttested()).isTrue();
        assertThat(vr.facts().decryption().site()).isEqualTo(EvidenceFacts.Site.TEE_GATEWAY);
        assertThat(vr.measurements()).containsKey("mrtd");
    }

    @Test
    void withoutAnExpectedDigestTheGatewaysOwnKeysetIsAttested() {
        AciGatewayReport r = verify(genuine(), null);
        assertThat(r.passed()).isTrue();
        assertThat(r.report().check("aci.gateway.keyset.match").orElseThrow().status()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void aKeysetOtherThanTheOneVeniceRelayedIsRefused() {
        AciGatewayReport r = verify(genuine(), "sha256:" + "00".repeat(32));
        assertRefused(r, Set.of("aci.gateway.keyset.match"));
        assertThat(r.report().check("aci.gateway.keyset.match").orElseThrow().reason()).endsWith("the keys Venice"
                + " relayed are not this gateway's");
    }

    @Test
    void anAttestationForAnotherNonceIsRefused() {
        byte[] other = NONCE.clone();
        other[31] ^= 1;
        AciGatewayReport r = AciGatewayVerification.verify(genuine().toString(), REAL_DIGEST, policy(), ctx(other));
        assertRefused(r, Set.of("aci.gateway.reportdata"));
        assertThat(r.report().check("aci.gateway.reportdata").orElseThrow().reason()).contains("not made for this"
                + " request");
    }

    @Test
    void aNonZeroTailIsRefused() {
        byte[] tail = new byte[32];
        tail[0] = 1;
        ObjectNode doc = gateway(AciStatements.reportData(AciStatements.current(REAL_DIGEST, Hex.encode(NONCE))), tail,
                ks -> { });
        assertRefused(verify(doc, REAL_DIGEST), Set.of("aci.gateway.reportdata"));
    }

    @Test
    void aSwappedReceiptKeyIsRefusedByTheDigestAndByTheQuote() {
        Consumer<ObjectNode> swap = ks -> ((ObjectNode) ks.path("receipt_signing_keys").get(0)).put("public_key",
                "11".repeat(32));
        ObjectNode doc = gateway(AciStatements.reportData(AciStatements.current(REAL_DIGEST, Hex.encode(NONCE))),
                new byte[32], swap);
        assertRefused(verify(doc, null), Set.of("aci.gateway.keyset.digest", "aci.gateway.reportdata"));
        // served with the swapped keyset's own digest: the quote still binds the real keyset
        doc.put("workload_keyset_digest", WorkloadKeyset.read(doc.path("attestation").path("workload_keyset"), "k")
                .digest());
        assertRefused(verify(doc, null), Set.of("aci.gateway.reportdata"));
    }

    @Test
    void aQuoteUnderAnUntrustedRootAttestsNothing() {
        AciGatewayReport r = AciGatewayVerification.verify(genuine().toString(), REAL_DIGEST,
                VerificationPolicy.defaults(), ctx(NONCE));
        Checks.assertFailures(r.report(), Set.of("tdx.pck.chain"), Set.of("tdx.quote.signature",
                "aci.gateway.reportdata"));
        assertThat(r.attestedKeyset()).isEmpty();
    }

    @Test
    void anExpiredKeysetIsRefused() {
        ObjectNode doc = genuine();
        AciGatewayReport r = AciGatewayVerification.verify(doc.toString(), REAL_DIGEST, policy(),
                VerificationContext.builder().expectedNonce(NONCE).at(Instant.ofEpochSecond(1790498751L)).build());
        assertThat(r.report().check("aci.gateway.keyset.expiry").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(r.attestedKeyset()).isEmpty();
    }

    @Test
    void belowLevelTdxNoKeysetIsAttested() {
        AciGatewayReport r = AciGatewayVerification.verify(genuine().toString(), REAL_DIGEST,
                VerificationPolicy.builder().level(VerificationPolicy.Level.BASIC).build(), ctx(NONCE));
        assertThat(r.report().passed()).isTrue();
        assertThat(r.passed()).isFalse();
        assertThat(r.report().check("aci.gateway.reportdata").orElseThrow().reason()).startsWith("not checked at"
                + " level basic");
    }

    @Test
    void aTamperedEventLogFailsTheReplay() throws Exception {
        ObjectNode doc = genuine();
        ObjectNode ev = (ObjectNode) doc.path("attestation").path("evidence");
        var log = (com.fasterxml.jackson.databind.node.ArrayNode) Checks.JSON.readTree(ev.path("event_log").asText());
        ((ObjectNode) log.get(0)).put("digest", "00".repeat(48));
        ev.put("event_log", log.toString());
        assertRefused(verify(doc, REAL_DIGEST), Set.of("tdx.eventlog.rtmr"));
    }

    @Test
    void theRealPartialReportVerifiesAsFarAsItGoes() {
        ObjectNode doc = REAL.deepCopy();
        doc.remove("_fixture_note");
        AciGatewayReport r = AciGatewayVerification.verify(doc.toString(), REAL_DIGEST, policy(), ctx(NONCE));
        VerificationReport vr = r.report();
        // the capturer left the quote out: what does not need it verifies, the rest does not pass
        assertThat(vr.check("aci.gateway.keyset.digest").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("aci.gateway.keyset.match").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(vr.check("tdx.quote.parse").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("aci.gateway.reportdata").orElseThrow().reason()).isEqualTo("depends on tdx.quote.parse"
                + " which failed");
        assertThat(r.attestedKeyset()).isEmpty();
    }

    @Test
    void documentsThatAreNotAciAttestationsAreRefused() {
        for (String doc : new String[]{"[]", "{\"verified\":true}", "{not json", "{\"api_version\":\"aci/1\","
                + "\"attestation\":{\"workload_keyset\":{\"not_after\":1}}}"}) {
            AciGatewayReport r = AciGatewayVerification.verify(doc, null, policy(), ctx(NONCE));
            assertThat(r.report().check("aci.gateway.envelope").orElseThrow().status()).as(doc)
                    .isEqualTo(Outcome.FAIL);
            assertThat(r.attestedKeyset()).isEmpty();
        }
    }

    @Test
    void theEarlierGenerationWithItsEndorsement() throws Exception {
        JsonNode old = TestVectors.json("aci/vectors/aci_vectors_published.json").path("earlier_form_pre_2026-08-03");
        String digest = old.path("workload_keyset_digest").asText();
        String workloadId = old.path("workload_id").asText();
        byte[] statement = AciStatements.earlier(workloadId, digest, Hex.encode(NONCE));
        ObjectNode doc = gateway(AciStatements.reportData(statement), new byte[32], ks -> { });
        ObjectNode att = (ObjectNode) doc.get("attestation");
        att.set("workload_keyset", old.path("keyset"));
        att.put("vendor", "private-ai-gateway-dev");
        att.putObject("keyset_endorsement").put("algo", "ed25519").put("value", Hex.encode(
                sign(seed((byte) 1), AciStatements.endorsementPayload(digest))));
        doc.put("workload_id", workloadId).put("workload_keyset_digest", digest);
        AciGatewayReport r = AciGatewayVerification.verify(doc.toString(), digest, policy(), ctx(NONCE));
        assertThat(r.report().passed()).as(r.report().summary()).isTrue();
        assertThat(r.report().check("aci.gateway.endorsement").orElseThrow().status()).isEqualTo(Outcome.PASS);
        assertThat(r.report().requiredChecks()).contains("aci.gateway.workload_id");
        assertThat(r.attestedKeyset().orElseThrow().keyset().identity()).isPresent();

        doc.put("workload_id", "sha256:" + "00".repeat(32));
        assertRefused(AciGatewayVerification.verify(doc.toString(), digest, policy(), ctx(NONCE)),
                Set.of("aci.gateway.workload_id", "aci.gateway.reportdata"));

        doc.put("workload_id", workloadId);
        att.putObject("keyset_endorsement").put("algo", "ed25519").put("value", Hex.encode(
                sign(seed((byte) 2), AciStatements.endorsementPayload(digest))));
        assertRefused(AciGatewayVerification.verify(doc.toString(), digest, policy(), ctx(NONCE)),
                Set.of("aci.gateway.endorsement"));
    }

    /** A keyset attested the only way there is: a gateway attestation of it, verified with our nonce. */
    static AttestedKeyset attest(JsonNode keyset) {
        if (pki == null) {
            testPki();
        }
        String digest = WorkloadKeyset.read(keyset, "k").digest();
        return AciGatewayVerification.verify(gatewayJson(keyset), digest, policy(), ctx(NONCE)).attestedKeyset()
                .orElseThrow();
    }

    /** A gateway attestation of {@code keyset} under the test PKI, answering {@link #nonce()}. */
    static String gatewayJson(JsonNode keyset) {
        if (pki == null) {
            testPki();
        }
        String digest = WorkloadKeyset.read(keyset, "k").digest();
        ObjectNode doc = gateway(AciStatements.reportData(AciStatements.current(digest, Hex.encode(NONCE))),
                new byte[32], ks -> ks.removeAll().setAll((ObjectNode) keyset.deepCopy()));
        doc.put("workload_keyset_digest", digest);
        return doc.toString();
    }

    /** The policy that trusts the test PKI. */
    static VerificationPolicy testPolicy() {
        if (pki == null) {
            testPki();
        }
        return policy();
    }

    /** The nonce {@link #gatewayJson} answers. */
    static byte[] nonce() {
        return NONCE.clone();
    }

    static PrivateKey seed(byte b) throws Exception {
        byte[] s = new byte[32];
        Arrays.fill(s, b);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, s));
    }

    static byte[] sign(PrivateKey key, byte[] message) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }
}
