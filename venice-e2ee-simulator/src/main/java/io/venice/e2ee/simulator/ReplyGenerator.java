package io.venice.e2ee.simulator;

import java.util.List;

/** Produces the simulated model's answer to a chat request; must be deterministic and thread-safe. */
@FunctionalInterface
public interface ReplyGenerator {
    /** The reply of {@code model} to {@code messages} (contents already decrypted). */
    Reply reply(String model, List<ChatMessage> messages);

    /**
     * The default: {@code Echo: <last user message> (<n> words)}, with the reasoning
     * {@code The last user message has <n> words.}
     */
    static ReplyGenerator echo() {
        return (model, messages) -> {
            String last = "";
            for (ChatMessage m : messages) {
                if ("user".equals(m.role())) {
                    last = m.content();
                }
            }
            int words = wordCount(last);
            return new Reply("The last user message has " + words + (words == 1 ? " word." : " words."),
                    "Echo: " + last + " (" + words + (words == 1 ? " word)" : " words)"));
        };
    }

    /** Number of whitespace-separated words in {@code text}. */
    static int wordCount(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
