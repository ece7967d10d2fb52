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
 *                         {@code signature.model}, {@code signature.request_hash}, {@code signature.response_hash}
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

    /** The named check, if it ran. */
    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** One line per check, e.g. {@code signature.address PASSED: ...}. */
    public String summary() {
        return "response signature " + verdict + (recoveredAddress == null ? "" : " (signer " + recoveredAddress + ")")
                + checks.stream().map(c -> "\n  " + c.id() + " " + c.verdict() + ": " + c.reason())
                .collect(Collectors.joining());
    }
}
