package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.compose.ActionsHash;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.pki.IntelPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose-manager checks on real evidence (the Venice capture and NEAR's own responses of April, June and late
 * June 2026, one per {@code actions_hash} form), and each forgery of what they check refused by the check that owns
 * it, while the others keep their verdict.
 */
class ComposeManagerChecksTest {
    private static final Set<String> COMPOSE = Set.of("compose.quote", "compose.same_td", "compose.reportdata",
            "compose.actions_hash", "compose.eventlog");
    private static final VerificationPolicy REQUIRED = VerificationPolicy.builder()
            .requireComposeManagerEvidence(true).build();
    private static IntelPki pki;

    @BeforeAll
    static void testPki() {
        pki = IntelPki.builder().build();
    }

    private static VerificationPolicy withTestRoot() {
        return VerificationPolicy.builder().requireComposeManagerEvidence(true)
                .extraTrustAnchor(pki.root().certificate()).build();
    }

    private static VerificationReport verify(AttestationReport r, VerificationPolicy p) {
        return AttestationVerification.verify(r, p, VerificationContext.builder().expectedNonce(Evidence.captureNonce())
                .at(Evidence.CAPTURE_TIME).build());
    }

    private static JsonNode near(String file) {
        try {
            return Checks.JSON.readTree(Evidence.text("near/" + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertComposePasses(VerificationReport vr) {
        for (String id : COMPOSE) {
            assertThat(vr.check(id).orElseThrow().status()).as(id + ": " + vr.check(id).orElseThrow().reason())
                    .isEqualTo(Outcome.PASS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "neardirect_qwen_qwen3.5-122b-a10b_20260424_021037_attestation_report.json, 2026-04-24T02:10:37Z,"
                    + " STRUCT_ORDER",
            "neardirect_qwen_qwen3.5-122b-a10b_20260610_015359_attestation_report.json, 2026-06-10T01:53:59Z,"
                    + " SERVED_ORDER STRUCT_ORDER",
            "neardirect_qwen_qwen3.5-122b-a10b_20260629_020637_attestation_report.json, 2026-06-29T02:06:37Z,"
                    + " SORTED_KEYS"})
    void nearsOwnResponsesPassEveryComposeCheckAtTheirCaptureTime(String file, String time, String forms) {
        JsonNode root = near(file);
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(root.toString()), REQUIRED,
                VerificationContext.builder().expectedNonce(Hex.decode(root.path("request_nonce").asText()))
                        .at(Instant.parse(time)).build());
        assertComposePasses(vr);
        assertThat(vr.check("compose.quote").orElseThrow().reason()).contains("tdx.pck.chain", "tdx.quote.signature");
        assertThat(vr.facts().composeManager().orElseThrow().matchedForms()).extracting(Enum::name)
                .containsExactly(forms.split(" "));
        assertThat(vr.facts().decryption().site()).isEqualTo(EvidenceFacts.Site.GPU_TD);
    }

    @Test
    void nearsCloudGatewayModelAttestationPassesEveryComposeCheck() {
        JsonNode root = near("nearcloud_qwen_qwen3.5-122b-a10b_20260629_020657_attestation_report.json");
        JsonNode model = root.path("model_attestations").get(0);
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(model.toString()), REQUIRED,
                VerificationContext.builder().expectedNonce(Hex.decode(model.path("request_nonce").asText()))
                        .at(Instant.parse("2026-06-29T02:06:57Z")).build());
        assertComposePasses(vr);
        assertThat(vr.facts().composeManager().orElseThrow().matchedForms()).containsExactly(
                ActionsHash.Form.SORTED_KEYS);
    }

    @Test
    void theVeniceCapturePassesEveryComposeCheckAtFullAndListsTheActions() {
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).requireComposeManagerEvidence(true)
                        .build(), Evidence.captureContext().build());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.requiredChecks()).containsAll(COMPOSE);
        assertThat(vr.check("compose.quote").orElseThrow().reason()).contains("tdx.tcb.status");
        EvidenceFacts.ComposeManager cm = vr.facts().composeManager().orElseThrow();
        assertThat(cm.actions()).hasSize(26);
        assertThat(cm.actions().get(0).action()).isEqualTo("compose_up");
        assertThat(cm.actions().get(0).file()).isEqualTo("Qwen3.5-122B.yaml");
        assertThat(cm.actions().get(0).tag()).isEqualTo("v0.0.57");
        assertThat(cm.actions().get(0).commit()).isEqualTo("c80cbde9b92c867f43bf5cfcf73644dafffa9973");
        assertThat(cm.actions().get(0).fileSha256())
                .isEqualTo("d9d863baee87fad1490e3ea3bbeb8e0757047ee9c3c8a0a3f61ac292111110ca");
        assertThat(cm.actions().get(1).services()).containsExactly("vllm-proxy-qwen35-122b-1",
                "vllm-proxy-qwen35-122b-2", "nginx");
        assertThat(cm.matchedForms()).containsExactly(ActionsHash.Form.STRUCT_ORDER);
    }

    @Test
    void absentEvidenceFailsOnlyAPolicyThatRequiresIt() {
        AttestationReport r = Checks.editedCapture(root -> root.remove("compose_manager_attestation"));
        VerificationReport lenient = verify(r, VerificationPolicy.defaults());
        assertThat(lenient.passed()).as(lenient.summary()).isTrue();
        assertThat(lenient.check("compose.quote").orElseThrow().reason())
                .isEqualTo("the evidence serves no compose_manager_attestation");
        VerificationReport strict = verify(r, REQUIRED);
        assertThat(strict.passed()).isFalse();
        assertThat(strict.failures()).extracting(VerificationReport.Check::id).containsExactlyInAnyOrderElementsOf(
                COMPOSE);
        assertThat(strict.failures().get(0).reason()).isEqualTo("required at level dcap but did not run (the evidence"
                + " serves no compose_manager_attestation)");
    }

    @Test
    void belowLevelTdxNothingIsCheckedAndNothingIsRequired() {
        VerificationReport vr = verify(AttestationReport.parse(Evidence.captureJson()), VerificationPolicy.builder()
                .level(VerificationPolicy.Level.BASIC).requireComposeManagerEvidence(true).build());
        assertThat(vr.passed()).isTrue();
        assertThat(vr.check("compose.same_td").orElseThrow().reason())
                .isEqualTo("not checked at level basic (checked from level tdx)");
    }

    @Test
    void aForeignTdsComposeQuoteFailsSameTd() {
        VerificationReport vr = verify(withComposeQuote(b -> b.set(TdReport.Field.RTMR3, new byte[48])),
                withTestRoot());
        Checks.assertFailures(vr, Set.of("compose.same_td", "compose.eventlog"), Set.of());
        assertThat(vr.check("compose.same_td").orElseThrow().reason()).startsWith("the compose-manager quote's RTMR3"
                + " is 0000");
        assertThat(vr.check("compose.quote").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void anotherMrconfigidFailsSameTd() {
        VerificationReport vr = verify(withComposeQuote(b -> b.set(TdReport.Field.MRCONFIGID, new byte[48])),
                withTestRoot());
        Checks.assertFailures(vr, Set.of("compose.same_td"), Set.of());
        assertThat(vr.check("compose.same_td").orElseThrow().reason()).contains("MRCONFIGID");
    }

    @Test
    void aComposeQuoteForAnotherNonceFailsReportData() {
        byte[] rd = composeReportData();
        rd[40] ^= 1;
        VerificationReport vr = verify(withComposeQuote(b -> b.set(TdReport.Field.REPORTDATA, rd)), withTestRoot());
        Checks.assertFailures(vr, Set.of("compose.reportdata"), Set.of());
        assertThat(vr.check("compose.reportdata").orElseThrow().reason()).contains("not our nonce");
    }

    @Test
    void aComposeQuoteOverOtherActionsFailsReportData() {
        byte[] rd = composeReportData();
        rd[0] ^= 1;
        VerificationReport vr = verify(withComposeQuote(b -> b.set(TdReport.Field.REPORTDATA, rd)), withTestRoot());
        Checks.assertFailures(vr, Set.of("compose.reportdata"), Set.of());
        assertThat(vr.check("compose.reportdata").orElseThrow().reason()).contains("not actions_hash");
    }

    @Test
    void theModelQuoteServedAsTheComposeQuoteFailsReportData() {
        AttestationReport r = Checks.editedCapture(root -> cm(root).put("quote", root.path("intel_quote").asText()));
        VerificationReport vr = verify(r, REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.reportdata"), Set.of());
    }

    @Test
    void aForgedComposeQuoteFailsItsSignatureAndNothingReadFromItPasses() {
        AttestationReport r = Checks.editedCapture(root -> {
            byte[] q = Hex.decode(cm(root).path("quote").asText());
            q[TdxQuote.parse(q).span(TdxQuote.Part.QUOTE_SIGNATURE).offset() + 5] ^= 1;
            cm(root).put("quote", Hex.encode(q));
        });
        VerificationReport vr = verify(r, REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.quote"), Set.of("compose.same_td", "compose.reportdata",
                "compose.eventlog"));
        assertThat(vr.check("compose.quote").orElseThrow().reason()).isEqualTo("the compose-manager quote fails the"
                + " model quote's checks: tdx.quote.signature: quote signature does not verify with the attestation key");
        // actions_hash reads no quote
        assertThat(vr.check("compose.actions_hash").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aComposeQuoteUnderAnUntrustedRootFailsTheChain() {
        VerificationReport vr = verify(withComposeQuote(UnaryOperator.identity()), REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.quote"), Set.of("compose.same_td", "compose.reportdata",
                "compose.eventlog"));
        assertThat(vr.check("compose.quote").orElseThrow().reason()).contains("tdx.pck.chain");
        // the same quote under the named test root passes
        assertThat(verify(withComposeQuote(UnaryOperator.identity()), withTestRoot()).passed()).isTrue();
    }

    @Test
    void aDebugComposeQuoteFailsTheDebugRule() {
        VerificationReport vr = verify(withComposeQuote(b -> b.debug(true)), withTestRoot());
        Checks.assertFailures(vr, Set.of("compose.quote"), Set.of("compose.same_td", "compose.reportdata",
                "compose.eventlog"));
        assertThat(vr.check("compose.quote").orElseThrow().reason()).contains("tdx.debug");
    }

    @Test
    void anEditedActionFailsTheActionsHash() {
        VerificationReport vr = verify(editActions(a -> ((ObjectNode) a.get(3)).put("tag", "v9.9.9")), REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.actions_hash"), Set.of());
        assertThat(vr.check("compose.actions_hash").orElseThrow().reason()).contains("none of the forms");
    }

    @Test
    void aDroppedActionFailsTheActionsHash() {
        VerificationReport vr = verify(editActions(a -> a.remove(a.size() - 1)), REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.actions_hash"), Set.of());
    }

    @Test
    void reorderedMembersOfAnActionStillHashInTheFieldOrderForm() {
        VerificationReport vr = verify(editActions(a -> {
            ObjectNode first = (ObjectNode) a.get(0);
            JsonNode tag = first.remove("tag");
            first.set("tag", tag);
        }), REQUIRED);
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.facts().composeManager().orElseThrow().matchedForms()).containsExactly(
                ActionsHash.Form.STRUCT_ORDER);
    }

    @Test
    void actionsRehashedByTheServerStillFailAgainstTheQuote() {
        // the attacker edits an action and serves the matching actions_hash: the quote still binds the real one
        AttestationReport r = editActions(a -> ((ObjectNode) a.get(3)).put("tag", "v9.9.9"), true);
        VerificationReport vr = verify(r, REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.reportdata"), Set.of());
        assertThat(vr.check("compose.actions_hash").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void anEditedEventFailsTheReplay() {
        AttestationReport r = Checks.editedCapture(root -> {
            try {
                ArrayNode log = (ArrayNode) Checks.JSON.readTree(cm(root).path("event_log").asText());
                ((ObjectNode) log.get(log.size() - 1)).put("digest", "00".repeat(48));
                cm(root).put("event_log", log.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        VerificationReport vr = verify(r, REQUIRED);
        Checks.assertFailures(vr, Set.of("compose.eventlog"), Set.of());
        assertThat(vr.check("compose.eventlog").orElseThrow().reason()).startsWith("compose-manager: replaying the"
                + " event log gives RTMR3");
    }

    @Test
    void anEchoOfAnotherNonceFailsReportData() {
        AttestationReport r = Checks.editedCapture(root -> cm(root).put("nonce", "00".repeat(32)));
        Checks.assertFailures(verify(r, REQUIRED), Set.of("compose.reportdata"), Set.of());
    }

    @Test
    void malformedEvidenceFailsEveryComposeCheckNamingTheFieldAndNothingElse() {
        AttestationReport r = Checks.editedCapture(root -> cm(root).put("actions_hash", "zz"));
        VerificationReport vr = verify(r, VerificationPolicy.defaults());
        Checks.assertFailures(vr, COMPOSE, Set.of());
        assertThat(vr.check("compose.quote").orElseThrow().reason()).isEqualTo(
                "attestation field 'compose_manager_attestation.actions_hash': must be hex");
        AttestationReport badAction = Checks.editedCapture(root -> ((ObjectNode) cm(root).path("actions").get(2))
                .put("tag", 7));
        assertThat(badAction.composeManager().malformation().orElseThrow().field())
                .isEqualTo("compose_manager_attestation.actions[2].tag");
    }

    // ---- helpers

    private static ObjectNode cm(ObjectNode root) {
        return (ObjectNode) root.get("compose_manager_attestation");
    }

    private static byte[] composeQuote() {
        return Hex.decode(AttestationReport.parse(Evidence.captureJson()).composeManager().toOptional().orElseThrow()
                .quote());
    }

    private static byte[] composeReportData() {
        return TdxQuote.parse(composeQuote()).body().reportData();
    }

    /** The capture with its compose-manager quote re-signed under the test PKI after {@code edit}. */
    private static AttestationReport withComposeQuote(UnaryOperator<TdReport.Builder> edit) {
        byte[] forged = QuoteForge.resign(composeQuote(), pki, edit);
        return Checks.editedCapture(root -> cm(root).put("quote", Hex.encode(forged)));
    }

    private static AttestationReport editActions(Consumer<ArrayNode> edit) {
        return editActions(edit, false);
    }

    /** The capture with its actions edited, and {@code actions_hash} recomputed (sorted keys) when {@code rehash}. */
    private static AttestationReport editActions(Consumer<ArrayNode> edit, boolean rehash) {
        return Checks.editedCapture(root -> {
            ArrayNode actions = (ArrayNode) cm(root).get("actions");
            edit.accept(actions);
            if (rehash) {
                cm(root).put("actions_hash", Hex.encode(ActionsHash.hash(actions, ActionsHash.Form.SORTED_KEYS)));
            }
        });
    }

    @Test
    void theHashFormsAreTheOnesNearDocuments() {
        // NEAR's verifier: json.dumps(actions, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        JsonNode actions = Checks.JSON.createArrayNode().add(Checks.JSON.createObjectNode().put("timestamp", "t")
                .put("action", "compose_up").put("file", "é.yaml"));
        assertThat(new String(ActionsHash.canonical(actions, ActionsHash.Form.SORTED_KEYS),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("[{\"action\":\"compose_up\",\"file\":\"é.yaml\","
                + "\"timestamp\":\"t\"}]");
        assertThat(new String(ActionsHash.canonical(actions, ActionsHash.Form.STRUCT_ORDER),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("[{\"timestamp\":\"t\",\"action\":\"compose_up\","
                + "\"file\":\"é.yaml\"}]");
    }
}
