package io.venice.e2ee.chat;

import io.venice.e2ee.protocol.VeniceProtocolException;

/**
 * Turns the opened chunks of one stream, in stream order, into deltas: the answer and the reasoning are each decoded
 * as one stream of UTF-8 bytes. Used by one thread at a time.
 */
final class StreamText {
    private final Utf8Stream content = new Utf8Stream();
    private final Utf8Stream reasoning = new Utf8Stream();
    private long last = -1;

    /** The delta of {@code c}, the next chunk in stream order. */
    ChatDelta decode(OpenedChunk c) {
        last = c.index();
        return new ChatDelta(c.index(), c.id(), c.model(), c.content() == null ? null : content.next(c.content()),
                c.reasoning() == null ? null : reasoning.next(c.reasoning()), c.finishReason(), c.usage(),
                c.encrypted());
    }

    /** Null when the text ended on a whole character, else the error of an answer cut inside one. */
    VeniceProtocolException unfinished() {
        if (!content.unfinished() && !reasoning.unfinished()) {
            return null;
        }
        return new VeniceProtocolException.MalformedChunk(Math.max(last, 0), "the answer's "
                + (content.unfinished() ? "text" : "reasoning") + " ends inside a UTF-8 character", null);
    }
}
