package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.IntelPki;

import java.util.function.UnaryOperator;

/**
 * The recorded Venice attestation with its quote re-signed under one test PKI (trusted only by policies built from
 * {@link #policy()}), so that a test can change exactly one thing about a quote that otherwise passes.
 */
final class Forged {
    /** The test PKI standing in for Intel's. */
    static final IntelPki PKI = IntelPki.builder().build();

    private Forged() {
    }

    /** The capture's quote with {@code body} and {@code qe} applied, re-signed under {@link #PKI}. */
    static byte[] quote(UnaryOperator<TdReport.Builder> body, UnaryOperator<QeReport.Builder> qe) {
        return QuoteForge.resign(Evidence.captureQuote(), PKI, body, qe);
    }

    /** The capture with its quote replaced by {@code quote}. */
    static AttestationReport capture(byte[] quote) {
        // the capture's compose-manager quote stays Intel-signed and would be judged with the collateral these tests
        // re-sign for the model quote: it is left out here; ComposeManagerChecksTest covers it
        return Checks.editedCapture(root -> {
            root.put("intel_quote", Hex.encode(quote));
            root.remove("compose_manager_attestation");
        });
    }

    /** The capture with a re-signed quote whose body went through {@code body}. */
    static AttestationReport captureWithBody(UnaryOperator<TdReport.Builder> body) {
        return capture(quote(body, qe -> qe));
    }

    /** A policy at the default level trusting {@link #PKI}'s root. */
    static VerificationPolicy.Builder policy() {
        return VerificationPolicy.builder().extraTrustAnchor(PKI.root().certificate());
    }

    /** Verifies {@code r} under {@code policy} with the capture's nonce, time and recorded inputs. */
    static VerificationReport verify(AttestationReport r, VerificationPolicy policy) {
        return AttestationVerification.verify(r, policy, Evidence.captureContext().build());
    }
}
