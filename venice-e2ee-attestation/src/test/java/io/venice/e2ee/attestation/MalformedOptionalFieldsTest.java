package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.attestation.error.AttestationException;

/**
 * A malformed optional field of the real capture does not stop parsing: the basic checks still pass, and the check
 * that reads the field fails at the level that uses it, naming the field.
 */
class MalformedOptionalFieldsTest {

    private static VerificationReport verify(AttestationReport r, VerificationPolicy.Level level) {
        return AttestationVerification.verify(r, VerificationPolicy.builder().level(level).build(),
                Evidence.captureContext().build());
    }

    /** Parses the edited capture, asserts level basic passes, and returns the report at {@code level}. */
    private static VerificationReport basicPassesThenVerify(Consumer<ObjectNode> edit, String field,
                                                           VerificationPolicy.Level level) {
        AttestationReport r = Checks.editedCapture(edit);
        assertThat(r.malformations()).extracting(AttestationException::field).containsExactly(field);
        VerificationReport basic = verify(r, VerificationPolicy.Level.BASIC);
        assertThat(basic.passed()).as(basic.summary()).isTrue();
        return verify(r, level);
    }

    private static void assertFails(VerificationReport vr, String check, String message) {
        VerificationReport.Check c = vr.check(check).orElseThrow();
        assertThat(c.status()).as(vr.summary()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).isEqualTo(message);
        assertThat(vr.passed()).isFalse();
    }

    @Test
    void anEventLogRegisterOutOfRangeFailsOnlyTheReplay() {
        VerificationReport vr = basicPassesThenVerify(root -> {
            try {
                var served = root.path("event_log");
                ArrayNode log = (ArrayNode) (served.isArray() ? served : Checks.JSON.readTree(served.asText()));
                ((ObjectNode) log.get(3)).put("imr", 4);
                root.set("event_log", log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "event_log[3].imr", VerificationPolicy.Level.FULL);
        Checks.assertFailures(vr, java.util.Set.of("tdx.eventlog.rtmr"), java.util.Set.of());
        assertFails(vr, "tdx.eventlog.rtmr", "attestation field 'event_log[3].imr': must be an integer 0..3");
    }

    @Test
    void anEmptyTcbInfoFailsTheComposeHash() {
        VerificationReport vr = basicPassesThenVerify(root -> ((ObjectNode) root.path("info")).put("tcb_info", ""),
                "info.tcb_info", VerificationPolicy.Level.TDX);
        assertFails(vr, "tdx.compose.hash",
                "attestation field 'info.tcb_info': must be an object (or a JSON string holding one)");
        assertThat(vr.check("tdx.eventlog.rtmr").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aTcbInfoThatIsNotAnObjectFailsTheComposeHash() {
        VerificationReport vr = basicPassesThenVerify(root -> ((ObjectNode) root.path("info")).putArray("tcb_info"),
                "info.tcb_info", VerificationPolicy.Level.TDX);
        assertFails(vr, "tdx.compose.hash",
                "attestation field 'info.tcb_info': must be an object (or a JSON string holding one)");
    }

    @Test
    void aQuoteInNeitherHexNorBase64FailsTheQuoteParse() {
        VerificationReport vr = basicPassesThenVerify(root -> root.put("intel_quote", "%%% not a quote %%%"),
                "intel_quote", VerificationPolicy.Level.TDX);
        assertFails(vr, "tdx.quote.parse", "attestation field 'intel_quote': is neither hex nor base64");
        assertThat(vr.check("tdx.debug").orElseThrow().reason()).isEqualTo("depends on tdx.quote.parse which failed");
    }

    @Test
    void aPayloadOfTheWrongTypeFailsTheGpuChecks() {
        VerificationReport vr = basicPassesThenVerify(root -> root.putArray("nvidia_payload").add(1),
                "nvidia_payload", VerificationPolicy.Level.DCAP);
        String message = "attestation field 'nvidia_payload': must be a JSON string or object";
        assertFails(vr, "nvidia.cert.chain", message);
        assertFails(vr, "nvidia.nonce", message);
        assertThat(vr.check("nvidia.evidence.signature").orElseThrow().reason())
                .isEqualTo("depends on nvidia.cert.chain which failed");
    }

    @Test
    void aModelObjectIsRecordedAndReadByNoCheck() {
        AttestationReport r = Checks.editedCapture(root -> root.putObject("model").put("id", "x"));
        assertThat(r.model().isMalformed()).isTrue();
        assertThat(r.model().toOptional()).isEmpty();
        assertThat(r.malformations()).extracting(AttestationException::field).containsExactly("model");
        VerificationReport vr = verify(r, VerificationPolicy.Level.DCAP);
        assertThat(vr.passed()).as(vr.summary()).isTrue();
    }

    @Test
    void aMalformedKeyFailsKeyPresentInsteadOfThrowing() {
        AttestationReport r = Checks.editedCapture(root -> root.put("signing_key", "04zz"));
        VerificationReport vr = verify(r, VerificationPolicy.Level.TDX);
        assertThat(vr.check("key.present").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.check("key.present").orElseThrow().reason()).startsWith("attestation field 'signing_key': ");
        assertThat(vr.check("key.address").orElseThrow().reason()).isEqualTo("depends on key.present which failed");
        assertThat(vr.check("tdx.reportdata.address").orElseThrow().status())
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void aVerifiedFlagOfTheWrongTypeFailsServerVerified() {
        AttestationReport r = Checks.editedCapture(root -> root.put("verified", "yes"));
        VerificationReport vr = verify(r, VerificationPolicy.Level.BASIC);
        assertFails(vr, "server.verified", "attestation field 'verified': must be true or false");
        assertThat(vr.check("nonce.echo").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }
}
