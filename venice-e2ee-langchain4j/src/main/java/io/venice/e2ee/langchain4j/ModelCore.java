package io.venice.e2ee.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.Usage;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;

import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What both models do: each chat first reads the model's capabilities from the client's model list and goes on only
 * when it supports end-to-end encryption (these models speak end to end only, so neither the client's TEE-only nor its
 * plaintext allowance applies; a model that does not, or whose capabilities cannot be known, is refused with the
 * client's {@link io.venice.e2ee.client.PrivacyException} as the cause, before anything is sent to it); it then opens
 * its own session (a fresh attestation with a fresh nonce, verified under the
 * policy, and a fresh key pair), sends the encrypted request, decrypts the answer, and closes the session (erasing
 * its keys) when the answer ends, fails or is cancelled.
 */
final class ModelCore implements AutoCloseable {
    private final VeniceClient client;
    private final boolean ownsClient;
    private final ChatRequestParameters defaults;

    ModelCore(VeniceClient client, boolean ownsClient, ChatRequestParameters defaults) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.defaults = defaults;
    }

    VeniceClient client() {
        return client;
    }

    ChatRequestParameters defaults() {
        return defaults;
    }

    /** Opens a session with {@code model} once the model list says it supports end-to-end encryption. */
    private CompletionStage<E2eeSession> openEndToEnd(String model) {
        return client.privacyModeAsync(model, false, false).thenCompose(mode -> client.openSessionAsync(model));
    }

    ChatResponse chat(ChatRequest request) {
        io.venice.e2ee.chat.ChatRequest venice = RequestMapping.toVenice(request);
        String model = request.parameters().modelName();
        try {
            client.privacyMode(model, false, false);
            try (E2eeSession session = client.openSession(model);
                 ChatStream answer = session.chat(venice)) {
                return response(answer.readAll(), session, model);
            }
        } catch (RuntimeException e) {
            throw Errors.map(e);
        }
    }

    void stream(ChatRequest request, StreamingChatResponseHandler handler) {
        io.venice.e2ee.chat.ChatRequest venice = RequestMapping.toVenice(request);
        String model = request.parameters().modelName();
        openEndToEnd(model).whenComplete((session, error) -> {
            if (error != null) {
                handler.onError(Errors.map(error));
                return;
            }
            session.chatAsync(venice).whenComplete((answer, chatError) -> {
                if (chatError != null) {
                    session.close();
                    handler.onError(Errors.map(chatError));
                    return;
                }
                answer.completion().whenComplete((done, e) -> session.close());
                answer.subscribe(new Forwarder(answer, session, model, handler));
            });
        });
    }

    /** Hands decrypted deltas to the handler as they arrive; a handler that throws stops the stream. */
    private static final class Forwarder implements Flow.Subscriber<ChatDelta>, StreamingHandle {
        private final ChatStream answer;
        private final E2eeSession session;
        private final String model;
        private final StreamingChatResponseHandler handler;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean failed = new AtomicBoolean();

        Forwarder(ChatStream answer, E2eeSession session, String model, StreamingChatResponseHandler handler) {
            this.answer = answer;
            this.session = session;
            this.model = model;
            this.handler = handler;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            // the handler's callbacks run synchronously on delivery: request everything, they pace the stream
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ChatDelta delta) {
            if (cancelled.get() || failed.get()) {
                return;
            }
            try {
                if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
                    handler.onPartialThinking(new PartialThinking(delta.reasoning()), new PartialThinkingContext(this));
                }
                if (!delta.text().isEmpty() && !cancelled.get()) {
                    handler.onPartialResponse(new PartialResponse(delta.text()), new PartialResponseContext(this));
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!cancelled.get()) {
                fail(Errors.map(error));
            }
        }

        @Override
        public void onComplete() {
            answer.completion().whenComplete((done, error) -> {
                if (cancelled.get() || failed.get()) {
                    return;
                }
                if (error != null) {
                    fail(Errors.map(error));
                    return;
                }
                try {
                    handler.onCompleteResponse(response(done, session, model));
                } catch (RuntimeException e) {
                    fail(e);
                }
            });
        }

        private void fail(RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                answer.close();
                handler.onError(e);
            }
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                answer.close();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    static ChatResponse response(ChatCompletion done, E2eeSession session, String requestedModel) {
        AiMessage.Builder message = AiMessage.builder().text(done.content());
        if (done.reasoning() != null && !done.reasoning().isEmpty()) {
            message.thinking(done.reasoning());
        }
        VeniceE2eeChatResponseMetadata metadata = VeniceE2eeChatResponseMetadata.builder()
                .id(done.id())
                .modelName(done.model() != null ? done.model() : requestedModel)
                .tokenUsage(tokenUsage(done.usage()))
                .finishReason(finishReason(done.finishReason()))
                .verificationReport(session.report())
                .signingAddress(session.signingAddress())
                .build();
        return ChatResponse.builder().aiMessage(message.build()).metadata(metadata).build();
    }

    static TokenUsage tokenUsage(Usage usage) {
        if (usage == null) {
            return null;
        }
        return new TokenUsage(count(usage.promptTokens()), count(usage.completionTokens()), count(usage.totalTokens()));
    }

    /** LangChain4j counts tokens in an int: a larger count (which no real answer reaches) is capped, not wrapped. */
    private static int count(long tokens) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, tokens));
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_EXECUTION;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
