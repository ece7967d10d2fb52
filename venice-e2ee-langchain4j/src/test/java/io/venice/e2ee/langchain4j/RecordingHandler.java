package io.venice.e2ee.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/** Records every callback in order ("text:...", "thinking:...") and ends a future with the outcome. */
class RecordingHandler implements StreamingChatResponseHandler {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    private final BiConsumer<RecordingHandler, PartialResponseContext> onText;

    RecordingHandler() {
        this((h, c) -> { });
    }

    /** Runs {@code onText} after recording each partial response (to cancel, or to throw). */
    RecordingHandler(BiConsumer<RecordingHandler, PartialResponseContext> onText) {
        this.onText = onText;
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        events.add("text:" + partial.text());
        onText.accept(this, context);
    }

    @Override
    public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
        events.add("thinking:" + partial.text());
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        events.add("complete");
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        events.add("error");
        done.completeExceptionally(error);
    }

    ChatResponse response() throws InterruptedException, ExecutionException, TimeoutException {
        return done.get(30, TimeUnit.SECONDS);
    }

    /** The error the stream ended with. */
    Throwable error() throws InterruptedException, TimeoutException {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stream completed instead of failing: " + events);
    }

    String joined(String kind) {
        StringBuilder sb = new StringBuilder();
        for (String e : events) {
            if (e.startsWith(kind + ":")) {
                sb.append(e, kind.length() + 1, e.length());
            }
        }
        return sb.toString();
    }

    long count(String kind) {
        return events.stream().filter(e -> e.startsWith(kind + ":")).count();
    }
}
