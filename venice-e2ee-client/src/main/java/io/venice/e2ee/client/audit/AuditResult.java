package io.venice.e2ee.client.audit;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.signature.SignatureReport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of checking one audit bundle again.
 *
 * @param bundle          the bundle
 * @param kind            {@code attestation}, {@code session} or {@code completion}
 * @param model           the model it is about
 * @param at              the time it was verified at now
 * @param recordedAt      the time it was verified at when written
 * @param recordedAnchors whether the extra trust anchors recorded in the bundle were used (else the given ones)
 * @param manifest        every way the files differ from the manifest (empty: intact)
 * @param report          the attestation's checks, run again (null when the bundle could not be read)
 * @param signature       the response signature, checked again (null when there is none)
 * @param differences     every way the re-run outcomes differ from the recorded ones (only compared at the recorded
 *                        time with the recorded anchors)
 * @param error           why the bundle could not be checked at all, or null
 */
public record AuditResult(Path bundle, String kind, String model, Instant at, Instant recordedAt,
                          boolean recordedAnchors, List<String> manifest, VerificationReport report,
                          SignatureReport signature, List<String> differences, String error) {
    /** Copies the lists. */
    public AuditResult {
        manifest = List.copyOf(manifest);
        differences = List.copyOf(differences);
    }

    static AuditResult unreadable(Path bundle, List<String> manifest, String error) {
        return new AuditResult(bundle, "?", "?", null, null, true, manifest, null, null, List.of(), error);
    }

    /** Whether nothing was edited: the manifest holds and the re-run outcomes are the recorded ones. */
    public boolean intact() {
        return error == null && manifest.isEmpty() && differences.isEmpty();
    }

    /**
     * Whether the bundle is intact and its evidence passes now: the attestation's policy, and a completion's response
     * signature neither failed nor missing.
     */
    public boolean passed() {
        return intact() && report != null && report.passed() && (!kind.equals("completion")
                || signature != null && signature.verdict() != SignatureReport.Verdict.FAILED);
    }

    /** Every reason the bundle does not pass, in order: error, manifest, differences, failed checks, signature. */
    public List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        if (error != null) {
            out.add(error);
        }
        out.addAll(manifest);
        out.addAll(differences);
        if (report != null) {
            report.failures().forEach(c -> out.add(c.id() + ": " + c.reason()));
        }
        if (kind.equals("completion")) {
            if (signature == null) {
                out.add("the completion's response signature is not in the bundle");
            } else if (signature.verdict() == SignatureReport.Verdict.FAILED) {
                signature.checks().stream().filter(c -> c.verdict() == SignatureReport.Verdict.FAILED)
                        .forEach(c -> out.add(c.id() + ": " + c.reason()));
            }
        }
        return out;
    }
}
