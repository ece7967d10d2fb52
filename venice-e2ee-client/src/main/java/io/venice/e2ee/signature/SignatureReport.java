package io.venice.e2ee.signature;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of checking a response signature, every step named.
 *
 * @param verdict          {@code PASSED} only when the signature, the signer and both hashes check out;
 *                         {@code UNVERIFIABLE} when the signer checks out but a hash could not be checked;
 *                         {@code FAILED} when anything checked is wrong
 * @param recoveredAddress the address recovered from the signature, or null
 * @param checks           ids {@code signature.format}, {@code signature.recover}, {@code signature.address},
 *                         {@code signature.model}, {@code signature.request_hash}, {@code signature.response_hash},
 *                         and, when the answer carries a receipt, {@code signature.gateway} (the gateway's own
 *                         attestation, when the client verifies it online), the {@code receipt.*} checks and
 *                         {@code signature.receipt} (the receipt's verdict)
 */
public record SignatureReport(Verdict verdict, String recoveredAddress, List<Check> checks) {
    /** Overall and per-check outcome. */
    public enum Verdict {
        /** Checked and correct. */
        PASSED,
        /** Could not be checked (the reason says why); never counts as passed. */
        UNVERIFIABLE,
        /** Checked and wrong. */
        FAILED
    }

    /**
     * One step.
     *
     * @param id     stable id
     * @param verdict outcome
     * @param reason what was compared, or why it could not be
     */
    public record Check(String id, Verdict verdict, String reason) {
    }

    /** Copies the list. */
    public SignatureReport {
        checks = List.copyOf(checks);
    }

    /** This report with {@code more} checks after its own, the verdict taking them into account. */
    public SignatureReport plus(List<Check> more) {
        java.util.List<Check> all = new java.util.ArrayList<>(checks);
        all.addAll(more);
        Verdict v = verdict;
        for (Check c : more) {
            if (c.verdict() == Verdict.FAILED) {
                v = Verdict.FAILED;
            } else if (c.verdict() == Verdict.UNVERIFIABLE && v == Verdict.PASSED) {
                v = Verdict.UNVERIFIABLE;
            }
        }
        return new SignatureReport(v, recoveredAddress, all);
    }

    /** The named check, if it ran. */
    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * Whether the signature ties the answer to the attested enclave: its signer is the attested address and no check
     * failed. Hashes a gateway may have rewritten can be unverifiable (say so with the report); this is what
     * requiring a signature asks for.
     */
    public boolean signedByEnclave() {
        return verdict != Verdict.FAILED && check("signature.address").map(c -> c.verdict() == Verdict.PASSED)
                .orElse(false);
    }

    /** One line per check, e.g. {@code signature.address PASSED: ...}. */
    public String summary() {
        return "response signature " + verdict + (recoveredAddress == null ? "" : " (signer " + recoveredAddress + ")")
                + checks.stream().map(c -> "\n  " + c.id() + " " + c.verdict() + ": " + c.reason())
                .collect(Collectors.joining());
    }
}
