package io.venice.e2ee.chat;

import java.util.ArrayList;
import java.util.List;

/** Joins the deltas a reader was given into the whole {@link ChatCompletion}. Used by one thread at a time. */
final class CompletionBuilder {
    private final PrivacyMode privacy;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<ConfidentialityWarning> warnings = new ArrayList<>();
    private String id;
    private String model;
    private String finishReason;
    private Usage usage;
    private long chunks;

    /** @param privacy how the chat travelled */
    CompletionBuilder(PrivacyMode privacy) {
        this.privacy = privacy;
    }

    /** Adds one delta and the warnings of its chunk: its text is appended, its metadata replaces what came before. */
    void add(ChatDelta d, List<ConfidentialityWarning> chunkWarnings) {
        chunks++;
        if (d.content() != null) {
            content.append(d.content());
        }
        if (d.reasoning() != null) {
            reasoning.append(d.reasoning());
        }
        id = d.id() != null ? d.id() : id;
        model = d.model() != null ? d.model() : model;
        finishReason = d.finishReason() != null ? d.finishReason() : finishReason;
        usage = d.usage() != null ? d.usage() : usage;
        warnings.addAll(chunkWarnings);
    }

    /** The answer so far, with the exchange's hashes (either may be null). */
    ChatCompletion build(String requestSha256, String responseSha256) {
        return new ChatCompletion(id, model, content.toString(), reasoning.toString(), finishReason, usage, chunks,
                requestSha256, responseSha256, privacy, warnings);
    }
}
