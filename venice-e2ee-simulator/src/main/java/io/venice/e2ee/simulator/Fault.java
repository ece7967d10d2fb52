package io.venice.e2ee.simulator;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A misbehaviour the simulator can be told to show, server-wide ({@link VeniceSimulator#faults()}) or for one
 * request (header {@value #HEADER}: a comma-separated list of {@link #headerName()}s).
 */
public enum Fault {
    /** Attestation: the TD report has TDATTRIBUTES.DEBUG set (validly signed). */
    DEBUG_QUOTE("debug-quote"),
    /** Attestation: the evidence is for another nonce (echo, REPORTDATA and GPU evidence), as a replay would be. */
    WRONG_NONCE("wrong-nonce"),
    /** Attestation: REPORTDATA carries the address of a key other than the served signing key. */
    REPORTDATA_OTHER_KEY("reportdata-other-key"),
    /** Attestation: {@code signing_address} is not the address of the served signing key. */
    ADDRESS_MISMATCH("address-mismatch"),
    /** Attestation: REPORTDATA[32..64] holds SHA-256(nonce) instead of the raw nonce (a backend variant). */
    SHA256_NONCE_BINDING("sha256-nonce-binding"),
    /** Attestation: a measured byte of the quote (in MRTD) is changed after signing. */
    TAMPERED_QUOTE("tampered-quote"),
    /** Attestation: the GPU evidence and payload carry another nonce. */
    NVIDIA_WRONG_NONCE("nvidia-wrong-nonce"),
    /** Attestation: the server's own verdict {@code verified} is false. */
    UNVERIFIED("unverified"),
    /** The model key rotates right after an attestation is served (or before a chat is handled). */
    KEY_ROTATION("key-rotation"),
    /** Chat: an E2EE request is accepted but answered in clear text. */
    PLAINTEXT_DOWNGRADE("plaintext-downgrade"),
    /** Chat: the middle content chunk is corrupted (E2EE: one tag bit flipped; plain: malformed JSON). */
    CORRUPT_CHUNK("corrupt-chunk"),
    /** Chat: the stream ends half-way, without {@code data: [DONE]}. */
    TRUNCATE_STREAM("truncate-stream"),
    /** Chat: the connection is closed half-way through the stream, without ending the chunked body. */
    DISCONNECT("disconnect"),
    /** Chat: two content chunks in the middle of the stream are sent in swapped order (each intact). */
    REORDER_CHUNKS("reorder-chunks"),
    /** Chat: every byte of the stream is written and flushed on its own. */
    SPLIT_BYTES("split-bytes"),
    /** Chat: a pause (the builder's {@code slowDripDelay}) before every event. */
    SLOW_DRIP("slow-drip"),
    /** Chat: reasoning deltas of an E2EE answer are sent in plaintext (the content stays encrypted). */
    PLAINTEXT_REASONING("plaintext-reasoning"),
    /**
     * Chat: every multi-byte UTF-8 character of an E2EE answer is cut between two envelopes (the answer must hold
     * one: send a prompt with non-ASCII text, which the default reply echoes).
     */
    SPLIT_UTF8("split-utf8"),
    /** Chat: two consecutive E2EE content chunks are sealed with the same server ephemeral key. */
    REPEAT_EPHEMERAL_KEY("repeat-ephemeral-key"),
    /** Signature: {@code /tee/signature} is signed by a key other than the attested one. */
    SIGNATURE_OTHER_KEY("signature-other-key"),
    /** Signature ({@code -p} models): the receipt's {@code served_at} is changed after it was signed (a forged receipt). */
    RECEIPT_TAMPERED("receipt-tampered"),
    /** Attestation (NEAR-style models): the compose-manager quote binds another nonce (a replayed deployment record). */
    COMPOSE_WRONG_NONCE("compose-wrong-nonce"),
    /** Attestation (NEAR-style models): the compose-manager quote comes from another TD (a different RTMR3). */
    COMPOSE_OTHER_TD("compose-other-td"),
    /** Attestation (NEAR-style models): one compose-manager action is changed after {@code actions_hash} was made. */
    COMPOSE_ACTIONS_TAMPERED("compose-actions-tampered"),
    /** Gateway ({@code /v1/aci/attestation}): the quote's statement binds another nonce, as a replayed answer would. */
    GATEWAY_WRONG_NONCE("gateway-wrong-nonce"),
    /**
     * Gateway ({@code /v1/aci/attestation}): a keyset other than the one Venice relays (another receipt key), validly
     * quoted with our nonce.
     */
    GATEWAY_OTHER_KEYSET("gateway-other-keyset"),
    /**
     * Gateway ({@code /v1/aci/attestation}): the quote is made for another nonce, then its REPORTDATA is rewritten to
     * the statement of ours (the quote's signature no longer verifies).
     */
    GATEWAY_TAMPERED_QUOTE("gateway-tampered-quote"),
    /**
     * Gateway ({@code /v1/aci/attestation}): the quote with the statement of our nonce is signed by an attestation key
     * the quoting enclave never certified (REPORTDATA re-signed by a party that is not the TD).
     */
    GATEWAY_RESIGNED_QUOTE("gateway-resigned-quote"),
    /** Any endpoint: HTTP 500. */
    SERVER_ERROR("server-error"),
    /** Any endpoint: HTTP 429 with {@code Retry-After}. */
    RATE_LIMIT("rate-limit"),
    /** Any endpoint: HTTP 502, as a gateway in front of an unreachable backend answers. */
    BAD_GATEWAY("bad-gateway"),
    /** Collateral: the PCK CRL lists the platform's PCK certificate as revoked. */
    REVOKED_PCK("revoked-pck"),
    /** Collateral: the TCB info puts the platform's TCB level at {@code OutOfDate} (a newer level exists). */
    OUT_OF_DATE_TCB("out-of-date-tcb"),
    /** Collateral: TCB info, QE identity and CRLs are past their {@code nextUpdate} (validly signed). */
    EXPIRED_COLLATERAL("expired-collateral"),
    /** Collateral: every {@code /pcs} endpoint answers 503. */
    PCS_UNAVAILABLE("pcs-unavailable"),
    /** NRAS: {@code /nras/v3/attest/gpu} answers 503. */
    NRAS_UNAVAILABLE("nras-unavailable"),
    /** NRAS: a validly signed answer whose GPUs fail their measurements (overall result false). */
    NRAS_ATTESTATION_FAILED("nras-attestation-failed");

    /** Request header naming faults for that request only. */
    public static final String HEADER = "X-Simulator-Fault";

    private final String headerName;

    Fault(String headerName) {
        this.headerName = headerName;
    }

    /** The name used in the {@value #HEADER} header and on the command line, e.g. {@code debug-quote}. */
    public String headerName() {
        return headerName;
    }

    /**
     * The fault with this header name (case-insensitive; the enum constant name is accepted too).
     *
     * @throws IllegalArgumentException naming the known faults if there is none
     */
    public static Fault fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fault f : values()) {
            if (f.headerName.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown simulator fault '" + name.trim() + "'; known: "
                + Arrays.stream(values()).map(Fault::headerName).collect(Collectors.joining(", ")));
    }

    /**
     * Parses a {@value #HEADER} value ({@code name[,name...]}; blank gives none).
     *
     * @throws IllegalArgumentException on an unknown name
     */
    public static Set<Fault> parseList(String header) {
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String part : header.split(",")) {
            if (!part.isBlank()) {
                out.add(fromName(part));
            }
        }
        return out;
    }
}
