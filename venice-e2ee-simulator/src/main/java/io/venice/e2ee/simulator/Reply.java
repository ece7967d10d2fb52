package io.venice.e2ee.simulator;

import java.util.Objects;

/** What the simulated model answers: optional reasoning text and the content text. */
public record Reply(String reasoning, String content) {
    /** Checks the content is present. */
    public Reply {
        Objects.requireNonNull(content, "content");
    }

    /** A reply without reasoning. */
    public static Reply of(String content) {
        return new Reply(null, content);
    }
}
