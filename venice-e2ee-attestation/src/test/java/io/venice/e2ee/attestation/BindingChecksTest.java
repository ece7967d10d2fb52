package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

/** The basic-level checks on the real capture with single fields edited. */
class BindingChecksTest {
    private static final String OTHER = "00".repeat(32);

    private static VerificationReport.Check basic(Consumer<ObjectNode> edit, String id) {
        VerificationReport vr = AttestationVerification.verify(Checks.editedCapture(edit),
                VerificationPolicy.builder().level(VerificationPolicy.Level.BASIC).build(),
                VerificationContext.builder().expectedNonce(Evidence.captureNonce()).at(Evidence.CAPTURE_TIME).build());
        return vr.check(id).orElseThrow();
    }

    @Test
    void bothEchoesEqualToOursPass() {
        VerificationReport.Check c = basic(root -> { }, "nonce.echo");
        assertThat(c.status()).isEqualTo(Outcome.PASS);
        assertThat(c.reason()).isEqualTo("the echoed nonce and request_nonce are ours");
    }

    @Test
    void aStaleRequestNonceBesideOurNonceFails() {
        VerificationReport.Check c = basic(root -> root.put("request_nonce", OTHER), "nonce.echo");
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).startsWith("the echoed request_nonce is not ours");
    }

    @Test
    void aStaleNonceBesideOurRequestNonceFails() {
        VerificationReport.Check c = basic(root -> root.put("nonce", OTHER), "nonce.echo");
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).startsWith("the echoed nonce is not ours");
    }

    @Test
    void eitherEchoAloneIsEnough() {
        VerificationReport.Check onlyRequest = basic(root -> root.remove("nonce"), "nonce.echo");
        VerificationReport.Check onlyNonce = basic(root -> root.remove("request_nonce"), "nonce.echo");
        assertThat(onlyRequest.status()).isEqualTo(Outcome.PASS);
        assertThat(onlyRequest.reason()).isEqualTo("the echoed request_nonce is ours");
        assertThat(onlyNonce.status()).isEqualTo(Outcome.PASS);
        assertThat(onlyNonce.reason()).isEqualTo("the echoed nonce is ours");
    }

    @Test
    void noEchoFails() {
        VerificationReport.Check c = basic(root -> root.remove(java.util.List.of("nonce", "request_nonce")),
                "nonce.echo");
        assertThat(c.status()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains("echoes no nonce");
    }

    @Test
    void anAddressWithoutThePrefixMatchesItsKey() {
        VerificationReport.Check c = basic(root -> root.put("signing_address",
                root.path("signing_address").asText().substring(2).toUpperCase(java.util.Locale.ROOT)), "key.address");
        assertThat(c.status()).as(c.reason()).isEqualTo(Outcome.PASS);
    }
}
