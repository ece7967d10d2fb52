package io.venice.e2ee.cli.load;

import io.venice.e2ee.simulator.Fault;

import java.util.ArrayList;
import java.util.List;

/**
 * The misbehaviour one load-test stream meets. Each has a model of its own on the embedded simulator, with the fault
 * switched on for that model, so a stream meets its fault through any client or proxy just by the model it names.
 */
enum StreamFault {
    /** A well-behaved answer. */
    NONE(null),
    /** The connection closed half-way through the answer. */
    DISCONNECT(Fault.DISCONNECT),
    /** The answer ends half-way, without {@code [DONE]}. */
    TRUNCATE(Fault.TRUNCATE_STREAM),
    /** One content chunk has a flipped tag bit. */
    CORRUPT_CHUNK(Fault.CORRUPT_CHUNK),
    /** Two content chunks sent in swapped order, each intact. */
    REORDER_CHUNKS(Fault.REORDER_CHUNKS),
    /** A pause before every event. */
    SLOW_DRIP(Fault.SLOW_DRIP),
    /** Every byte its own HTTP chunk. */
    SPLIT_BYTES(Fault.SPLIT_BYTES),
    /** HTTP 429 to the chat request. */
    RATE_LIMIT(Fault.RATE_LIMIT),
    /** HTTP 500 to the chat request. */
    SERVER_ERROR(Fault.SERVER_ERROR),
    /** HTTP 502 to the chat request. */
    BAD_GATEWAY(Fault.BAD_GATEWAY),
    /** Attestation from a debug enclave. */
    DEBUG_QUOTE(Fault.DEBUG_QUOTE),
    /** Attestation for another nonce (a replay). */
    WRONG_NONCE(Fault.WRONG_NONCE),
    /** Attestation whose quote was changed after signing. */
    TAMPERED_QUOTE(Fault.TAMPERED_QUOTE);

    private static final String MODEL_PREFIX = "e2ee-load";

    private final Fault fault;

    StreamFault(Fault fault) {
        this.fault = fault;
    }

    /** The simulator's fault, or null for {@link #NONE}. */
    Fault fault() {
        return fault;
    }

    /** The simulator model that shows this fault, e.g. {@code e2ee-load-corrupt-chunk}. */
    String model() {
        return fault == null ? MODEL_PREFIX : MODEL_PREFIX + "-" + fault.headerName();
    }

    /**
     * The fault of each of {@code streams} streams, the same for the same seed: with faults on, about half the streams
     * are well-behaved and the rest spread over the faults; with faults off, none. Each stream's draw is a hash of the
     * seed and its index (SplitMix64's finalizer), not a random generator: the plan only has to be spread and
     * repeatable, and the project takes its random numbers from {@code SecureRandom} alone.
     */
    static List<StreamFault> plan(int streams, boolean faults, long seed) {
        StreamFault[] all = values();
        List<StreamFault> out = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            long h = mix(seed * 0x9E3779B97F4A7C15L + i);
            out.add(!faults || (h & 1) == 0 ? NONE : all[1 + (int) Long.remainderUnsigned(h >>> 1, all.length - 1)]);
        }
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
