package io.venice.e2ee.springai;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.Usage;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.VeniceClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A Spring AI {@link ChatModel} on Venice's end-to-end-encrypted models. Every call (and every stream) attests the
 * model with a fresh nonce, verifies the evidence under the client's policy, encrypts every message to the attested
 * model key and decrypts the answer with a session key that is erased when the answer ends. Each verification is
 * handed to the {@link VerificationListener}s. The response metadata carries the verification report under
 * {@value #VERIFICATION_KEY} and the enclave's signing address under {@value #SIGNING_ADDRESS_KEY}; reasoning, from
 * models that send it, is the assistant message's {@value #REASONING_KEY} property.
 *
 * <p>Refused before anything is sent, with {@link IllegalArgumentException}: tool callbacks, tool calls and tool
 * responses, media, an output schema. A model is used only when the client's model list says it supports end-to-end
 * encryption (its name decides nothing; the client's TEE-only and plaintext allowances do not apply here): any other
 * model, or one whose capabilities cannot be fetched, is refused before anything is sent to it, with the client's
 * {@link io.venice.e2ee.client.PrivacyException} as the cause of a {@code NonTransientAiException} (a
 * {@code TransientAiException} when the model list could not be fetched for a transient reason). A refused enclave is
 * a {@link VeniceE2eeVerificationException}; other failures are Spring AI's {@code TransientAiException} or
 * {@code NonTransientAiException} with the library's typed error as the cause. Thread-safe.
 */
public final class VeniceE2eeChatModel implements ChatModel {
    /** Response metadata key of the {@link io.venice.e2ee.attestation.VerificationReport}. */
    public static final String VERIFICATION_KEY = "venice.e2ee.verification";
    /** Response metadata key of the attested signing address ({@code 0x...}). */
    public static final String SIGNING_ADDRESS_KEY = "venice.e2ee.signing-address";
    /** Assistant message property holding reasoning text (as Spring AI's OpenAI model names it). */
    public static final String REASONING_KEY = "reasoningContent";

    private final VeniceClient client;
    private final ChatOptions defaults;
    private final List<VerificationListener> listeners;
    private final Clock clock;

    private VeniceE2eeChatModel(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.defaults = b.defaultOptions != null ? b.defaultOptions : ChatOptions.builder().build();
        this.listeners = List.copyOf(b.listeners);
        this.clock = b.clock;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default options (model, sampling) each prompt's own options override. */
    @Override
    public ChatOptions getOptions() {
        return defaults;
    }

    /** Sends the prompt over a freshly verified end-to-end-encrypted session and returns the decrypted answer. */
    @Override
    public ChatResponse call(Prompt prompt) {
        PromptMapping.Mapped m = PromptMapping.map(prompt, defaults);
        try (E2eeSession session = open(m.model());
             ChatStream answer = session.chat(m.request())) {
            ChatCompletion done = answer.readAll();
            AssistantMessage message = assistant(done.content(), done.reasoning());
            return new ChatResponse(List.of(new Generation(message, generationMetadata(done.finishReason()))),
                    responseMetadata(done.id(), done.model() != null ? done.model() : m.model(), done.usage(),
                            session));
        } catch (RuntimeException e) {
            throw Errors.map(e);
        }
    }

    /**
     * Streams the answer: one {@link ChatResponse} per decrypted chunk, as it arrives; the last carries the finish
     * reason and the usage. Nothing happens until subscription; cancelling closes the connection and erases the
     * session key.
     */
    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.defer(() -> {
            PromptMapping.Mapped m = PromptMapping.map(prompt, defaults);
            return Flux.usingWhen(
                    Mono.fromCompletionStage(() -> client.privacyModeAsync(m.model(), false, false)
                                    .thenCompose(mode -> client.openSessionAsync(m.model())))
                            .doOnNext(s -> verified(m.model(), s))
                            .doOnError(e -> refused(m.model(), Errors.unwrap(e))),
                    session -> Flux.usingWhen(Mono.fromCompletionStage(() -> session.chatAsync(m.request())),
                            answer -> JdkFlowAdapter.flowPublisherToFlux(answer)
                                    .filter(VeniceE2eeChatModel::carriesSomething)
                                    .map(d -> chunk(d, m.model(), session)),
                            answer -> Mono.fromRunnable(answer::close)),
                    session -> Mono.fromRunnable(session::close));
        }).onErrorMap(Errors::map);
    }

    private E2eeSession open(String model) {
        E2eeSession session;
        try {
            client.privacyMode(model, false, false);
            session = client.openSession(model);
        } catch (RuntimeException e) {
            refused(model, Errors.unwrap(e));
            throw e;
        }
        verified(model, session);
        return session;
    }

    private void verified(String model, E2eeSession session) {
        tell(new VerificationEvent(model, clock.instant(), true, session.report(), session.signingAddress(), null));
    }

    private void refused(String model, Throwable e) {
        if (!Errors.isVerificationFailure(e)) {
            return;
        }
        tell(new VerificationEvent(model, clock.instant(), false, e instanceof SessionException.AttestationRejected r
                ? r.report().orElse(null) : null, null, e.getMessage()));
    }

    private void tell(VerificationEvent event) {
        for (VerificationListener l : listeners) {
            l.onVerification(event);
        }
    }

    private static boolean carriesSomething(ChatDelta d) {
        return !d.text().isEmpty() || d.reasoning() != null && !d.reasoning().isEmpty() || d.finishReason() != null
                || d.usage() != null;
    }

    private static ChatResponse chunk(ChatDelta d, String requestedModel, E2eeSession session) {
        return new ChatResponse(List.of(new Generation(assistant(d.text(), d.reasoning()),
                generationMetadata(d.finishReason()))),
                responseMetadata(d.id(), d.model() != null ? d.model() : requestedModel, d.usage(), session));
    }

    private static AssistantMessage assistant(String text, String reasoning) {
        AssistantMessage.Builder<?> b = AssistantMessage.builder().content(text);
        if (reasoning != null && !reasoning.isEmpty()) {
            b.properties(Map.of(REASONING_KEY, reasoning));
        }
        return b.build();
    }

    /** Venice's finish reason in upper case ({@code STOP}, {@code LENGTH}), as Spring AI's OpenAI model reports it. */
    private static ChatGenerationMetadata generationMetadata(String finishReason) {
        return finishReason == null ? ChatGenerationMetadata.NULL
                : ChatGenerationMetadata.builder().finishReason(finishReason.toUpperCase(Locale.ROOT)).build();
    }

    private static ChatResponseMetadata responseMetadata(String id, String model, Usage usage, E2eeSession session) {
        ChatResponseMetadata.Builder b = ChatResponseMetadata.builder()
                .keyValue(VERIFICATION_KEY, session.report())
                .keyValue(SIGNING_ADDRESS_KEY, session.signingAddress());
        if (id != null) {
            b.id(id);
        }
        if (model != null) {
            b.model(model);
        }
        if (usage != null) {
            b.usage(new DefaultUsage(count(usage.promptTokens()), count(usage.completionTokens()),
                    count(usage.totalTokens())));
        }
        return b.build();
    }

    /** Spring AI counts tokens in an int: a larger count (which no real answer reaches) is capped, not wrapped. */
    private static int count(long tokens) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, tokens));
    }

    /** Builds a {@link VeniceE2eeChatModel}. */
    public static final class Builder {
        private VeniceClient client;
        private ChatOptions defaultOptions;
        private final List<VerificationListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The client (required); the model does not close it. */
        public Builder client(VeniceClient client) {
            this.client = client;
            return this;
        }

        /** The model and sampling defaults; a prompt's own options override them field by field. */
        public Builder defaultOptions(ChatOptions options) {
            this.defaultOptions = options;
            return this;
        }

        /** Adds a listener told of every verification (repeatable). */
        public Builder verificationListener(VerificationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock that dates verification events; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The model. */
        public VeniceE2eeChatModel build() {
            return new VeniceE2eeChatModel(this);
        }
    }
}
