package io.venice.e2ee.cli.load;

import java.util.List;

/**
 * What one stream came to, as its caller saw it.
 *
 * @param fault        the fault it was sent into
 * @param completed    whether it ended whole (the client's stream completed, or the proxy sent {@code [DONE]})
 * @param errorType    for a failed stream, the kind of error it ended with (a library exception's type, or the
 *                     proxy's status and OpenAI error code); null for a completed one
 * @param typed        whether that error was one the library or the proxy raised on purpose (else it escaped: an
 *                     untyped exception, or a stream that just stopped)
 * @param completionId the completion id its chunks carried, or null if none arrived
 * @param received     the text deltas delivered, in order
 * @param startNanos   when the request was sent
 * @param endNanos     when its outcome was known
 */
record StreamResult(StreamFault fault, boolean completed, String errorType, boolean typed, String completionId,
                    List<Delta> received, long startNanos, long endNanos) {
    /**
     * One text delta as delivered to the caller.
     *
     * @param reasoning whether it was reasoning text
     * @param text      the text in the clear
     * @param nanos     {@link System#nanoTime()} when it was delivered
     */
    record Delta(boolean reasoning, String text, long nanos) {
    }

    static StreamResult completed(StreamFault fault, String id, List<Delta> received, long start) {
        return new StreamResult(fault, true, null, true, id, List.copyOf(received), start, System.nanoTime());
    }

    static StreamResult failed(StreamFault fault, String errorType, boolean typed, String id, List<Delta> received,
                               long start) {
        return new StreamResult(fault, false, typed ? errorType : "untyped " + errorType, typed, id,
                List.copyOf(received), start, System.nanoTime());
    }
}
