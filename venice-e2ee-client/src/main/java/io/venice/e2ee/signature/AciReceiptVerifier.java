package io.venice.e2ee.signature;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestedKeyset;
import io.venice.e2ee.attestation.ReceiptReport;
import io.venice.e2ee.attestation.ReceiptVerification;
import io.venice.e2ee.attestation.error.AttestationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client's default {@link ReceiptVerifier}: checks a receipt with {@link ReceiptVerification} against the model's
 * attestation, the model asked for, the completion id and, when the gateway's own attestation was verified, the
 * {@link AttestedKeyset}. Each {@code receipt.*} check joins the signature report with the same id and outcome
 * (PASS is {@code PASSED}, FAIL {@code FAILED}, UNVERIFIABLE {@code UNVERIFIABLE}), followed by
 * {@code signature.receipt} carrying the receipt's verdict: {@code PASSED} only when the receipt is
 * {@link ReceiptReport.Verdict#VERIFIED}; its reason starts with the verdict's name ({@code VERIFIED:},
 * {@code SIGNED_BY_UNATTESTED_KEY:}, ...). The body hashes stay UNVERIFIABLE: through Venice they cannot be reproduced.
 */
public final class AciReceiptVerifier implements ReceiptVerifier {

    /** The id of the check that carries the receipt's verdict. */
    public static final String VERDICT_CHECK = "signature.receipt";

    /** A verifier; it keeps no state. */
    public AciReceiptVerifier() {
    }

    @Override
    public List<SignatureReport.Check> verify(ResponseSignature signature, AttestationReport attestation, String model,
                                              String requestId) {
        return verify(signature, attestation, model, requestId, Optional.empty());
    }

    @Override
    public List<SignatureReport.Check> verify(ResponseSignature signature, AttestationReport attestation, String model,
                                              String requestId, Optional<AttestedKeyset> keyset) {
        if (signature.json() == null) {
            return List.of(new SignatureReport.Check(VERDICT_CHECK, SignatureReport.Verdict.UNVERIFIABLE,
                    "UNVERIFIED: the answer as served was not kept, so its receipt could not be checked"));
        }
        ReceiptVerification.Inputs.Builder in = ReceiptVerification.inputs().requestedModel(model).requestId(requestId);
        if (attestation != null) {
            in.attestation(attestation);
        }
        keyset.ifPresent(in::attestedKeyset);
        ReceiptReport report;
        try {
            report = ReceiptVerification.verify(signature.json(), in.build());
        } catch (AttestationException.MalformedReceipt e) {
            return List.of(new SignatureReport.Check(VERDICT_CHECK, SignatureReport.Verdict.FAILED,
                    "FAILED: the receipt cannot be read: " + e.getMessage()));
        }
        List<SignatureReport.Check> out = new ArrayList<>();
        for (ReceiptReport.Check c : report.checks()) {
            out.add(new SignatureReport.Check(c.id(), outcome(c.status()), c.reason()));
        }
        out.add(verdict(report));
        return out;
    }

    private static SignatureReport.Verdict outcome(ReceiptReport.Status status) {
        return switch (status) {
            case PASS -> SignatureReport.Verdict.PASSED;
            case FAIL -> SignatureReport.Verdict.FAILED;
            case UNVERIFIABLE -> SignatureReport.Verdict.UNVERIFIABLE;
        };
    }

    private static SignatureReport.Check verdict(ReceiptReport report) {
        return switch (report.verdict()) {
            case VERIFIED -> new SignatureReport.Check(VERDICT_CHECK, SignatureReport.Verdict.PASSED,
                    "VERIFIED: signed by a receipt key of the keyset the gateway's own attestation attested"
                            + " with our nonce");
            case SIGNED_BY_UNATTESTED_KEY -> new SignatureReport.Check(VERDICT_CHECK,
                    SignatureReport.Verdict.UNVERIFIABLE, "SIGNED_BY_UNATTESTED_KEY: validly signed by a key"
                    + " of the keyset Venice relayed, which Venice's quote does not bind; verify the gateway's own"
                    + " attestation to attest it (the client builder's verifyGatewayAttestation)");
            case UNVERIFIED -> new SignatureReport.Check(VERDICT_CHECK, SignatureReport.Verdict.UNVERIFIABLE,
                    "UNVERIFIED: its signature could not be checked (no keyset to find its key in)");
            case NO_RECEIPT -> new SignatureReport.Check(VERDICT_CHECK, SignatureReport.Verdict.UNVERIFIABLE,
                    "NO_RECEIPT: the answer carries no readable receipt");
            case FAILED -> new SignatureReport.Check(VERDICT_CHECK, SignatureReport.Verdict.FAILED,
                    "FAILED: " + report.checks().stream().filter(c -> c.status() == ReceiptReport.Status.FAIL)
                    .map(ReceiptReport.Check::id).reduce((a, b) -> a + ", " + b).orElse("a check") + " failed");
        };
    }
}
