package io.venice.e2ee.attestation.tdx;

import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Replays a TDX event log: each RTMR starts at 48 zero bytes and is extended as SHA-384(RTMR ‖ digest). A dstack
 * runtime event (type {@value #DSTACK_RUNTIME_EVENT}) is extended by the digest of what it says, recomputed here as
 * dstack computes it (SHA-384 of the event type as 4 little-endian bytes ‖ ":" ‖ name ‖ ":" ‖ payload): the digest
 * served with it must be that one, so a payload shown beside another digest is refused rather than believed. Other
 * events carry only their digest, which is replayed as served.
 */
public final class EventLogReplay {
    /** dstack's event type for the runtime events it extends into RTMR3 ({@code compose-hash}, ...). */
    public static final long DSTACK_RUNTIME_EVENT = 0x08000001L;

    private EventLogReplay() {
    }

    /**
     * The four RTMR values the log produces.
     *
     * @throws IllegalArgumentException when a digest is not 48 bytes of hex, a payload is not hex, or a runtime
     *                                  event's digest is not the digest of its type, name and payload
     */
    public static byte[][] replay(List<EventLogEntry> log) {
        byte[][] rtmr = new byte[4][48];
        MessageDigest sha384 = sha384();
        for (int i = 0; i < log.size(); i++) {
            EventLogEntry e = log.get(i);
            byte[] digest = hex(e.digest(), "event_log[" + i + "].digest");
            if (digest.length != 48) {
                throw new IllegalArgumentException("event_log[" + i + "] digest is " + digest.length
                        + " bytes; a SHA-384 digest is 48");
            }
            if (e.eventType() == DSTACK_RUNTIME_EVENT) {
                byte[] payload = hex(e.eventPayload(), "event_log[" + i + "].event_payload");
                if (!MessageDigest.isEqual(digest, runtimeEventDigest(e.event(), payload))) {
                    throw new IllegalArgumentException("event_log[" + i + "] ('" + e.event() + "'): its digest is not"
                            + " SHA-384(event type ‖ \":\" ‖ name ‖ \":\" ‖ payload), so the payload shown is not the"
                            + " one measured");
                }
            }
            sha384.update(rtmr[e.imr()]);
            sha384.update(digest);
            rtmr[e.imr()] = sha384.digest();
        }
        return rtmr;
    }

    /** The digest dstack extends for runtime event {@code name} with {@code payload}. */
    public static byte[] runtimeEventDigest(String name, byte[] payload) {
        MessageDigest sha384 = sha384();
        long t = DSTACK_RUNTIME_EVENT;
        sha384.update(new byte[] {(byte) t, (byte) (t >>> 8), (byte) (t >>> 16), (byte) (t >>> 24)});
        sha384.update((byte) ':');
        sha384.update(name.getBytes(StandardCharsets.UTF_8));
        sha384.update((byte) ':');
        sha384.update(payload);
        return sha384.digest();
    }

    private static byte[] hex(String text, String field) {
        try {
            return Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not hex");
        }
    }

    private static MessageDigest sha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is missing from this JDK", e);
        }
    }
}
