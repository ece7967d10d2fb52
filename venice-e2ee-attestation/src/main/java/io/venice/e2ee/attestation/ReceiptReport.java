package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.receipt.Receipt;
import io.venice.e2ee.attestation.receipt.ReceiptEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of checking a {@code /tee/signature} answer's receipt: every check by id with its status and reason,
 * where the completion ran as the receipt states it, and a verdict. A receipt is {@link Verdict#VERIFIED} only when its
 * signature verifies under a key of a keyset attested with our nonce ({@link AttestedKeyset}); a valid signature under
 * the keyset Venice relayed is {@link Verdict#SIGNED_BY_UNATTESTED_KEY}, since Venice's quote does not bind it. The
 * body hashes are never passed or failed: they cannot be reproduced through Venice. Immutable.
 */
public final class ReceiptReport {

    /** How a check ended. */
    public enum Status {
        /** It holds. */
        PASS,
        /** It does not hold: the verdict is {@link Verdict#FAILED}. */
        FAIL,
        /** It cannot be decided with what this client sees; the reason says why. */
        UNVERIFIABLE
    }

    /** The verdict on the receipt. */
    public enum Verdict {
        /** Signed by a receipt key of a keyset attested with our nonce, and every check that could run passed. */
        VERIFIED,
        /** Validly signed by a key of the keyset Venice relayed, which no quote given here binds. */
        SIGNED_BY_UNATTESTED_KEY,
        /** The signature could not be checked (no keyset to find its key in). */
        UNVERIFIED,
        /** The answer carries no receipt (the model is not fronted by a gateway that issues them). */
        NO_RECEIPT,
        /** A check failed. */
        FAILED
    }

    /**
     * One check.
     *
     * @param id     a stable id, e.g. {@code receipt.signature}
     * @param status how it ended
     * @param reason one line saying why
     */
    public record Check(String id, Status status, String reason) {
        /** Validates the parts. */
        public Check {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final List<Check> checks;
    private final Receipt receipt;
    private final Verdict verdict;

    ReceiptReport(List<Check> checks, Receipt receipt) {
        this.checks = List.copyOf(checks);
        this.receipt = receipt;
        this.verdict = verdict(this.checks, receipt);
    }

    private static Verdict verdict(List<Check> checks, Receipt receipt) {
        if (checks.stream().anyMatch(c -> c.status() == Status.FAIL)) {
            return Verdict.FAILED;
        }
        if (receipt == null) {
            return Verdict.NO_RECEIPT;
        }
        boolean signed = status(checks, "receipt.signature") == Status.PASS;
        if (!signed) {
            return Verdict.UNVERIFIED;
        }
        return status(checks, "receipt.attested") == Status.PASS ? Verdict.VERIFIED : Verdict.SIGNED_BY_UNATTESTED_KEY;
    }

    private static Status status(List<Check> checks, String id) {
        return checks.stream().filter(c -> c.id().equals(id)).map(Check::status).findFirst().orElse(null);
    }

    /** The verdict. */
    public Verdict verdict() {
        return verdict;
    }

    /** Every check, in order. */
    public List<Check> checks() {
        return checks;
    }

    /** The check {@code id}, if it ran. */
    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The receipt, when served. */
    public Optional<Receipt> receipt() {
        return Optional.ofNullable(receipt);
    }

    /**
     * Where the completion ran as the receipt states it: its {@code upstream.verified} events (the upstream's name
     * and origin, the gateway's verifier and result, the upstream model and session), empty without a receipt.
     */
    public List<ReceiptEvent> upstream() {
        return receipt == null ? List.of() : receipt.events().stream()
                .filter(e -> e.type().equals(ReceiptEvent.UPSTREAM_VERIFIED)).toList();
    }

    /** One paragraph for people: the verdict and every check that did not pass, with its reason. */
    public String summary() {
        StringBuilder sb = new StringBuilder("receipt ").append(verdict.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ')).append('.');
        for (Check c : checks) {
            if (c.status() != Status.PASS) {
                sb.append(' ').append(c.id()).append(" (").append(c.status().name().toLowerCase(java.util.Locale.ROOT))
                        .append("): ").append(c.reason()).append('.');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
