package io.venice.e2ee.attestation.tdx;

/**
 * One entry of the TDX event log as served: the register it extends ({@code imr} 0..3 = RTMR0..3), the digest
 * (hex, 48 bytes for SHA-384), the event type and name, and the payload (hex).
 */
public record EventLogEntry(int imr, String digest, long eventType, String event, String eventPayload) {
}
