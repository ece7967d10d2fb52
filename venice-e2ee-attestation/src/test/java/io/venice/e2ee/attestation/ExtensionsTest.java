package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.VerificationPolicy.Level;
import io.venice.e2ee.spi.AttestationVerifier;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.pki.IntelPki;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Extensions add checks beside the built-in ones; they can neither replace nor hide one. */
class ExtensionsTest {

    /** An extension whose checks are {@code body}. */
    private static AttestationVerifier<VerificationInput> extension(String name,
            BiConsumer<VerificationInput, AttestationVerifier.CheckSink> body) {
        return new AttestationVerifier<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int order() {
                return 0;
            }

            @Override
            public Class<VerificationInput> inputType() {
                return VerificationInput.class;
            }

            @Override
            public void verify(VerificationInput input, CheckSink sink) {
                body.accept(input, sink);
            }
        };
    }

    private static VerificationReport verify(AttestationReport r, AttestationVerifier<VerificationInput> extension) {
        return AttestationVerification.verify(r, VerificationPolicy.defaults(), Evidence.captureContext().build(),
                List.of(extension));
    }

    private static AttestationReport capture() {
        return AttestationReport.parse(Evidence.captureJson());
    }

    @Test
    void anAddedCheckCountsInTheVerdict() {
        VerificationReport ok = verify(capture(), extension("acme", (in, sink) -> {
            sink.record("acme.model.allowed", Outcome.PASS, in.report().model().toOptional().orElse("?")
                    + " is on the list");
            sink.measurement("acme.region", "eu");
        }));
        assertThat(ok.passed()).as(ok.summary()).isTrue();
        assertThat(ok.check("acme.model.allowed").orElseThrow().reason()).isEqualTo("e2ee-qwen3-5-122b-a10b is on"
                + " the list");
        assertThat(ok.measurements()).containsEntry("acme.region", "eu");
        VerificationReport refused = verify(capture(), extension("acme", (in, sink) ->
                sink.record("acme.model.allowed", Outcome.FAIL, "not on the list")));
        assertThat(refused.passed()).isFalse();
        assertThat(refused.failures()).extracting(VerificationReport.Check::id).containsExactly("acme.model.allowed");
    }

    @Test
    void anExtensionReportingABuiltInIdAsPassIsRefused() {
        VerificationReport vr = verify(capture(), extension("lenient", (in, sink) ->
                sink.record("tdx.debug", Outcome.PASS, "trust me")));
        assertThat(vr.passed()).isFalse();
        assertThat(vr.checks()).filteredOn(c -> c.id().equals("tdx.debug")).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("the TD is not a debug TD"));
        VerificationReport.Check refusal = vr.check("extension.lenient").orElseThrow();
        assertThat(refusal.status()).isEqualTo(Outcome.FAIL);
        assertThat(refusal.reason()).isEqualTo("extension 'lenient' reported 'tdx.debug' as pass, but that id belongs"
                + " to a built-in check: an extension may add checks, never replace or remove one");
    }

    @Test
    void aDebugTdStaysFailedWhateverAnExtensionSays() throws Exception {
        IntelPki pki = IntelPki.builder().build();
        byte[] debug = QuoteForge.resign(Evidence.captureQuote(), pki, b -> b.debug(true));
        AttestationReport r = Checks.editedCapture(root -> root.put("intel_quote",
                io.venice.e2ee.crypto.Hex.encode(debug)));
        VerificationReport vr = AttestationVerification.verify(r,
                VerificationPolicy.builder().extraTrustAnchor(pki.root().certificate()).build(), Evidence.captureContext().build(),
                List.of(extension("lenient", (in, sink) -> sink.record("tdx.debug", Outcome.PASS, "trust me"))));
        assertThat(vr.check("tdx.debug").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(vr.failures()).extracting(VerificationReport.Check::id)
                .containsExactly("tdx.debug", "compose.same_td", "extension.lenient");
    }

    @Test
    void anExtensionThatThrowsIsAFailedCheckNamedAfterIt() {
        VerificationReport vr = verify(capture(), extension("broken", (in, sink) -> {
            sink.record("broken.first", Outcome.PASS, "ran");
            throw new IllegalStateException("no network");
        }));
        assertThat(vr.passed()).isFalse();
        assertThat(vr.check("extension.broken").orElseThrow().reason())
                .startsWith("extension 'broken' threw IllegalStateException: no network");
        assertThat(vr.check("broken.first")).isPresent();
    }

    @Test
    void anExtensionCannotReportAnIdTwiceNorOverwriteAMeasurement() {
        VerificationReport twice = verify(capture(), extension("echo", (in, sink) -> {
            sink.record("echo.a", Outcome.FAIL, "first");
            sink.record("echo.a", Outcome.PASS, "second");
        }));
        assertThat(twice.check("echo.a").orElseThrow().status()).isEqualTo(Outcome.FAIL);
        assertThat(twice.check("extension.echo").orElseThrow().reason()).contains("'echo.a', which was already reported");
        VerificationReport measured = verify(capture(), extension("mr", (in, sink) -> {
            sink.measurement("mrtd", "00");
            sink.measurement("tcb_status", "UpToDate");
        }));
        assertThat(measured.measurements().get("mrtd")).isNotEqualTo("00");
        assertThat(measured.measurements()).doesNotContainKey("tcb_status");
        assertThat(measured.check("extension.mr").orElseThrow().reason()).contains("measurement 'mrtd'")
                .contains("measurement 'tcb_status'");
    }

    @Test
    void anExtensionCannotNameItselfARefusal() {
        VerificationReport vr = verify(capture(), extension("sly", (in, sink) ->
                sink.record("extension.other", Outcome.PASS, "nothing to see")));
        assertThat(vr.check("extension.other")).isEmpty();
        assertThat(vr.check("extension.sly").orElseThrow().status()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void theSinkIsClosedOnceTheVerificationIsOver() {
        AtomicReference<AttestationVerifier.CheckSink> kept = new AtomicReference<>();
        VerificationReport vr = verify(capture(), extension("late", (in, sink) -> kept.set(sink)));
        assertThat(vr.passed()).isTrue();
        assertThatThrownBy(() -> kept.get().record("late.check", Outcome.FAIL, "too late"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(vr.check("late.check")).isEmpty();
    }

    @Test
    void theBuiltInChecksRunWithNoExtensionAtAll() {
        VerificationReport vr = AttestationVerification.verify(capture(),
                VerificationPolicy.builder().level(Level.FULL).build(), Evidence.captureContext().build(), List.of());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        // every built-in check but those of a gateway's own ACI attestation, which AciGatewayVerification reports
        assertThat(vr.checks()).hasSize(BuiltInCheck.values().length - AciGatewayVerification.GATEWAY_CHECKS.size());
    }
}
