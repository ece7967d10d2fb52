package io.venice.e2ee.client;

import io.venice.e2ee.attestation.AciGatewayReport;
import io.venice.e2ee.attestation.AttestedKeyset;
import io.venice.e2ee.client.collateral.LiveInputs;
import io.venice.e2ee.signature.SignatureReport;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The online step for a model fronted by a TEE gateway (an {@code aci/1} envelope in its attestation): the gateway's
 * own {@code /v1/aci/attestation} fetched with a fresh nonce and verified with
 * {@link io.venice.e2ee.attestation.AciGatewayVerification} against the keyset digest Venice relayed, under the
 * client's policy. Only {@link Status#ATTESTED} carries an {@link AttestedKeyset}, which is what lets a receipt be
 * {@code VERIFIED}. Made by {@link VeniceClient#attestGateway(Attestation)} when the builder's
 * {@link VeniceClient.Builder#verifyGatewayAttestation(URI)} is set; kept per attestation.
 *
 * @param status what happened
 * @param url    the URL asked (with its nonce), or the gateway's base URL when nothing was asked
 * @param reason what was checked and how it went, or why nothing could be
 * @param report the verification of the gateway's answer; null when no answer was verified
 * @param cause    the typed error of a fetch that failed ({@link Status#FETCH_FAILED}), else null
 * @param exchange what was asked and answered, for an audit bundle to check again; null when nothing was asked
 */
public record GatewayAttestation(Status status, URI url, String reason, AciGatewayReport report, Throwable cause,
                                 Exchange exchange) {
    /** The id of the check a signature report carries for this step. */
    public static final String CHECK = "signature.gateway";

    /** What the online step came to. */
    public enum Status {
        /** The gateway's answer passed every required check: its keyset, the one Venice relayed, is attested. */
        ATTESTED,
        /** The gateway answered, and its answer failed a check (the reason names it): nothing is attested. */
        REFUSED,
        /** The answer, or Intel's collateral for its quote, could not be fetched: nothing is attested. */
        FETCH_FAILED,
        /** The model's attestation is not an ACI envelope: there is no relayed keyset to attest; nothing was asked. */
        NOT_APPLICABLE
    }

    /**
     * The question put to the gateway and its answer, as an audit bundle records them.
     *
     * @param nonce      the 32-byte nonce sent
     * @param answer     the answer's bytes exactly as served, or null when none was fetched
     * @param collateral Intel's answers for the gateway's quote (bytes and headers as they arrived; none below
     *                   level {@code full})
     * @param at         the time the answer was verified at (or the fetch failed)
     */
    public record Exchange(byte[] nonce, byte[] answer, LiveInputs collateral, Instant at) {
        /** Validates and copies. */
        public Exchange {
            nonce = Objects.requireNonNull(nonce, "nonce").clone();
            answer = answer == null ? null : answer.clone();
            collateral = collateral == null ? LiveInputs.none() : collateral;
            Objects.requireNonNull(at, "at");
        }

        /** The nonce (a copy). */
        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        /** The answer as served (a copy), or null. */
        @Override
        public byte[] answer() {
            return answer == null ? null : answer.clone();
        }

        /** Short form: never the bytes. */
        @Override
        public String toString() {
            return "Exchange[" + (answer == null ? "no answer" : answer.length + " bytes") + " at " + at + "]";
        }
    }

    /** Checks the parts. */
    public GatewayAttestation {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reason, "reason");
        if (status == Status.ATTESTED && (report == null || !report.passed())) {
            throw new IllegalArgumentException("an attested gateway needs a report that passed");
        }
    }

    /** Whether the keyset is attested. */
    public boolean attested() {
        return status == Status.ATTESTED;
    }

    /** The attested keyset, present only when {@link #attested()}. */
    public Optional<AttestedKeyset> keyset() {
        return attested() ? report.attestedKeyset() : Optional.empty();
    }

    /**
     * This step as a signature report's check {@value #CHECK}: {@code PASSED} when attested, {@code FAILED} when
     * refused or not fetched (the option asked for it, and it did not happen), {@code UNVERIFIABLE} when not
     * applicable.
     */
    public SignatureReport.Check check() {
        SignatureReport.Verdict verdict = switch (status) {
            case ATTESTED -> SignatureReport.Verdict.PASSED;
            case REFUSED, FETCH_FAILED -> SignatureReport.Verdict.FAILED;
            case NOT_APPLICABLE -> SignatureReport.Verdict.UNVERIFIABLE;
        };
        return new SignatureReport.Check(CHECK, verdict, status + ": " + reason);
    }

    /** Short form. */
    @Override
    public String toString() {
        return "GatewayAttestation[" + status + ", " + url + "]";
    }
}
