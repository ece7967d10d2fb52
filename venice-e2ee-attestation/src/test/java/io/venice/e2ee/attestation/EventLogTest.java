package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.tdx.EventLogReplay;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log and the app compose must be there to count at level {@code full}; each RTMR3 runtime event is bound to
 * its payload by dstack's digest; the {@code compose-hash} event, SHA-256(app_compose) and MRCONFIGID agree; and the
 * application's identity (app id, instance id, OS image, key provider) is reported from the replayed log.
 */
class EventLogTest {
    private static final VerificationPolicy FULL = VerificationPolicy.builder().level(VerificationPolicy.Level.FULL)
            .build();
    private static final String COMPOSE_HASH = "242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b";

    private static VerificationReport full(AttestationReport r) {
        return AttestationVerification.verify(r, FULL, Evidence.captureContext().build());
    }

    private static VerificationReport dcap(AttestationReport r) {
        return AttestationVerification.verify(r, VerificationPolicy.defaults(), Evidence.captureContext().build());
    }

    /** The capture with {@code edit} applied to its RTMR3 event named {@code name} (top-level event_log). */
    private static AttestationReport withEvent(String name, Consumer<ObjectNode> edit) {
        return Checks.editedCapture(root -> {
            for (var e : root.path("event_log")) {
                if (name.equals(e.path("event").asText())) {
                    edit.accept((ObjectNode) e);
                }
            }
        });
    }

    private static AttestationReport withoutEventLog() {
        return Checks.editedCapture(root -> {
            root.remove("event_log");
            ((ObjectNode) root.path("info").path("tcb_info")).remove("event_log");
        });
    }

    @Test
    void theCaptureBindsEveryRuntimeEventAndReportsTheApplicationsIdentity() {
        VerificationReport vr = full(AttestationReport.parse(Evidence.captureJson()));
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().reason()).isEqualTo("replaying 30 events reproduces"
                + " RTMR0..3; each of the 10 runtime events of RTMR3 is bound to its payload");
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).isEqualTo("MRCONFIGID is 01 ‖ SHA-256"
                + "(app_compose) " + COMPOSE_HASH + ", as the compose-hash event of RTMR3 records");
        assertThat(vr.measurements()).containsEntry("app_id", "2c0a0c96cb6dbd659bf1446e2f3fce58172ff91b")
                .containsEntry("instance_id", "ff247496994554dc2e5984ed5c32f2da5082e8f3")
                .containsEntry("os_image_hash", "9b69bb1698bacbb6985409a2c272bcb892e09cdcea63d5399c6768b67d3ff677")
                .containsEntry("compose_hash", COMPOSE_HASH);
        assertThat(vr.measurements().get("key_provider")).startsWith("{\"name\":\"kms\",\"id\":\"3059301306072a8648ce");
        // the served info agrees with what was measured
        var info = Checks.editedCapture(r -> { }).tcbInfo().toOptional().orElseThrow();
        assertThat(vr.measurements().get("os_image_hash")).isEqualTo(info.path("os_image_hash").asText());
    }

    @Test
    void theRuntimeDigestIsDstacks() {
        // SHA-384(le32(0x08000001) ‖ ":" ‖ "system-ready" ‖ ":"), the capture's last event
        assertThat(Hex.encode(EventLogReplay.runtimeEventDigest("system-ready", new byte[0]))).isEqualTo(
                "1a76b2a80a0be71eae59f80945d876351a7a3fb8e9fd1ff1cede5734aa84ea11fd72b4edfbb6f04e5a85edd114c751bd");
    }

    @Test
    void withoutAnEventLogLevelFullFailsAndLowerLevelsSkip() {
        VerificationReport vr = full(withoutEventLog());
        Checks.assertFailures(vr, Set.of("tdx.eventlog.rtmr"), Set.of());
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().reason()).startsWith("the evidence has no event log:"
                + " level full needs it");
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason())
                .endsWith("(no event log to compare the compose-hash event with)");
        VerificationReport lower = dcap(withoutEventLog());
        assertThat(lower.check("tdx.eventlog.rtmr").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(lower.passed()).as(lower.summary()).isTrue();
        assertThat(FULL.requiredChecks()).contains("tdx.eventlog.rtmr", "tdx.compose.hash");
        assertThat(VerificationPolicy.defaults().requiredChecks()).doesNotContain("tdx.eventlog.rtmr",
                "tdx.compose.hash");
    }

    @Test
    void withoutTheAppComposeLevelFullFailsAndLowerLevelsSkip() {
        AttestationReport r = Checks.editedCapture(root -> ((ObjectNode) root.path("info").path("tcb_info"))
                .remove("app_compose"));
        VerificationReport vr = full(r);
        Checks.assertFailures(vr, Set.of("tdx.compose.hash"), Set.of());
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).isEqualTo("the evidence has no app_compose:"
                + " level full needs it to say what the TD runs");
        assertThat(dcap(r).check("tdx.compose.hash").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        assertThat(dcap(r).passed()).isTrue();
    }

    @Test
    void aPayloadShownBesideTheMeasuredDigestIsRefused() {
        // the RTMR replay alone still matches: the digest is the measured one, only the payload shown is another
        VerificationReport vr = full(withEvent("os-image-hash", e -> e.put("event_payload", "00".repeat(32))));
        Checks.assertFailures(vr, Set.of("tdx.eventlog.rtmr"), Set.of());
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().reason()).isEqualTo("the event log cannot be replayed:"
                + " event_log[26] ('os-image-hash'): its digest is not SHA-384(event type ‖ \":\" ‖ name ‖ \":\" ‖"
                + " payload), so the payload shown is not the one measured");
        assertThat(vr.measurements()).doesNotContainKey("os_image_hash");
    }

    @Test
    void aPayloadWithItsOwnDigestNoLongerReplaysToRtmr3() {
        byte[] payload = new byte[32];
        VerificationReport vr = full(withEvent("os-image-hash", e -> e.put("event_payload", Hex.encode(payload))
                .put("digest", Hex.encode(EventLogReplay.runtimeEventDigest("os-image-hash", payload)))));
        Checks.assertFailures(vr, Set.of("tdx.eventlog.rtmr"), Set.of());
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().reason()).startsWith("replaying the event log gives"
                + " RTMR3 ");
    }

    @Test
    void theComposeHashEventMustRecordTheAppCompose() throws Exception {
        // another app compose, bound in a re-signed MRCONFIGID, while the measured log still records the old one
        String other = "{\"manifest_version\":2,\"name\":\"other\"}";
        String hash = Hex.encode(MessageDigest.getInstance("SHA-256").digest(other.getBytes(StandardCharsets.UTF_8)));
        byte[] config = new byte[48];
        config[0] = 1;
        System.arraycopy(Hex.decode(hash), 0, config, 1, 32);
        byte[] quote = Forged.quote(b -> b.set(TdReport.Field.MRCONFIGID, config), qe -> qe);
        AttestationReport r = Checks.editedCapture(root -> {
            root.put("intel_quote", Hex.encode(quote));
            root.remove("compose_manager_attestation");     // Intel-signed, of the capture's TD: not this one
            ((ObjectNode) root.path("info")).put("compose_hash", hash);
            ((ObjectNode) root.path("info").path("tcb_info")).put("app_compose", other).put("compose_hash", hash);
        });
        VerificationReport vr = Forged.verify(r, Forged.policy().build());
        Checks.assertFailures(vr, Set.of("tdx.compose.hash"), Set.of());
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).isEqualTo("the compose-hash event of RTMR3"
                + " records " + COMPOSE_HASH + ", not SHA-256(app_compose) " + hash);
    }

    @Test
    void anAppComposeThatMrConfigIdDoesNotBindIsRefused() {
        VerificationReport vr = full(Checks.editedCapture(root -> ((ObjectNode) root.path("info").path("tcb_info"))
                .put("app_compose", "{}")));
        Checks.assertFailures(vr, Set.of("tdx.compose.hash"), Set.of());
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).startsWith("MRCONFIGID is not 01 ‖ SHA-256"
                + "(app_compose)");
    }

    @Test
    void otherMrConfigIdFormsAreReportedNotPassed() {
        for (int version : new int[] {2, 3}) {
            byte[] config = Evidence.captureMrConfigId();
            config[0] = (byte) version;
            VerificationReport vr = Forged.verify(Forged.captureWithBody(b -> b.set(TdReport.Field.MRCONFIGID,
                    config)), Forged.policy().build());
            Checks.assertFailures(vr, Set.of("tdx.compose.hash"), Set.of());
            assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).startsWith("MRCONFIGID is dstack's"
                    + " version " + version + " form").endsWith("only version 1 (01 ‖ SHA-256(app_compose)) can be"
                    + " checked against app_compose");
        }
        VerificationReport zero = Forged.verify(Forged.captureWithBody(b -> b.set(TdReport.Field.MRCONFIGID,
                new byte[48])), Forged.policy().build());
        assertThat(zero.check("tdx.compose.hash").orElseThrow().reason())
                .isEqualTo("MRCONFIGID is zero: the TD binds no app compose");
    }

    @Test
    void aServedComposeHashThatDisagreesIsRefused() {
        VerificationReport vr = full(Checks.editedCapture(root -> ((ObjectNode) root.path("info"))
                .put("compose_hash", "00".repeat(32))));
        Checks.assertFailures(vr, Set.of("tdx.compose.hash"), Set.of());
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).startsWith("the served compose_hash ");
    }

    @Test
    void aLogThatReplaysWithoutAComposeHashEventIsRefused() {
        // the log without its compose-hash event, and a quote re-signed with the RTMR3 that log replays to
        AttestationReport stripped = Checks.editedCapture(root -> {
            ArrayNode log = (ArrayNode) root.path("event_log");
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).path("event").asText().equals("compose-hash")) {
                    log.remove(i);
                }
            }
        });
        byte[] rtmr3 = EventLogReplay.replay(stripped.eventLog().toOptional().orElseThrow())[3];
        byte[] quote = Forged.quote(b -> b.set(TdReport.Field.RTMR3, rtmr3), qe -> qe);
        AttestationReport r = Checks.editedCapture(root -> {
            ArrayNode log = (ArrayNode) root.path("event_log");
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).path("event").asText().equals("compose-hash")) {
                    log.remove(i);
                }
            }
            root.put("intel_quote", Hex.encode(quote));
            root.remove("compose_manager_attestation");     // Intel-signed, of the capture's TD: not this one
        });
        VerificationReport vr = Forged.verify(r, Forged.policy().build());
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().status()).as(vr.summary()).isEqualTo(Outcome.PASS);
        Checks.assertFailures(vr, Set.of("tdx.compose.hash"), Set.of());
        assertThat(vr.check("tdx.compose.hash").orElseThrow().reason()).isEqualTo("MRCONFIGID is 01 ‖ SHA-256"
                + "(app_compose), but the replayed event log has no compose-hash event in RTMR3");
    }
}
