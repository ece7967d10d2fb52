package io.venice.e2ee.client.audit;

import io.venice.e2ee.client.collateral.LiveInputs;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The online step for a receipt's TEE gateway as it ran: the question (URL and nonce), the gateway's answer as
 * served, Intel's answers for its quote, the time, and the outcome; everything {@link AuditVerifier} needs to verify
 * the answer again offline. A fetch that failed has no answer: only its status and reason are recorded.
 *
 * @param status     the outcome's status as the client named it ({@code ATTESTED}, {@code REFUSED},
 *                   {@code FETCH_FAILED} or {@code NOT_APPLICABLE})
 * @param url        the URL asked (with its nonce), or the gateway's base URL when nothing was asked
 * @param reason     the outcome's reason
 * @param nonce      the 32-byte nonce sent, or null when nothing was asked
 * @param answer     the answer's bytes exactly as served, or null when none was fetched
 * @param collateral Intel's answers for the gateway's quote (bytes and headers as they arrived)
 * @param at         the time the answer was verified at (or the fetch failed), or null when nothing was asked
 */
public record GatewayEvidence(String status, URI url, String reason, byte[] nonce, byte[] answer,
                              LiveInputs collateral, Instant at) {
    /** Validates and copies. */
    public GatewayEvidence {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reason, "reason");
        nonce = nonce == null ? null : nonce.clone();
        answer = answer == null ? null : answer.clone();
        collateral = collateral == null ? LiveInputs.none() : collateral;
    }

    /** The nonce (a copy), or null. */
    @Override
    public byte[] nonce() {
        return nonce == null ? null : nonce.clone();
    }

    /** The answer as served (a copy), or null. */
    @Override
    public byte[] answer() {
        return answer == null ? null : answer.clone();
    }

    /** Short form: never the bytes. */
    @Override
    public String toString() {
        return "GatewayEvidence[" + status + ", " + url + "]";
    }
}
