package io.venice.e2ee.attestation.tdx;

import io.venice.e2ee.crypto.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Replays a TDX event log: each RTMR starts at 48 zero bytes and is extended as SHA-384(RTMR ‖ digest). */
public final class EventLogReplay {
    private EventLogReplay() {
    }

    /**
     * The four RTMR values the log produces.
     *
     * @throws IllegalArgumentException when a digest is not 48 bytes of hex
     */
    public static byte[][] replay(List<EventLogEntry> log) {
        byte[][] rtmr = new byte[4][48];
        MessageDigest sha384;
        try {
            sha384 = MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is missing from this JDK", e);
        }
        for (int i = 0; i < log.size(); i++) {
            EventLogEntry e = log.get(i);
            byte[] digest = Hex.decode(e.digest());
            if (digest.length != 48) {
                throw new IllegalArgumentException("event_log[" + i + "] digest is " + digest.length
                        + " bytes; a SHA-384 digest is 48");
            }
            sha384.update(rtmr[e.imr()]);
            sha384.update(digest);
            rtmr[e.imr()] = sha384.digest();
        }
        return rtmr;
    }
}
