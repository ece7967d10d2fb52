package io.venice.e2ee.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A LangChain4j {@link ChatModel} on Venice's end-to-end-encrypted models. Every chat attests the model with a fresh
 * nonce, verifies the evidence under the policy (DCAP by default: Intel TDX quote and NVIDIA GPU evidence chained to
 * the pinned Intel and NVIDIA roots), encrypts every message to the attested model key, and decrypts the answer with
 * a session key that is erased when the answer ends. The response metadata is a
 * {@link VeniceE2eeChatResponseMetadata} carrying the verification report and the enclave's signing address.
 *
 * <pre>{@code
 * ChatModel model = VeniceE2eeChatModel.builder()
 *         .apiKey(System.getenv("API_KEY_VENICE"))
 *         .modelName("e2ee-qwen3-5-122b-a10b")
 *         .build();
 * String answer = model.chat("What is 2+2?");
 * }</pre>
 *
 * <p>Refused before anything is sent, with {@link dev.langchain4j.exception.UnsupportedFeatureException}: tools, tool
 * messages, non-text content (images, audio, files) and JSON response formats. A verification failure is a
 * {@link VeniceE2eeVerificationException}; other failures are LangChain4j's exception types with the library's typed
 * error as the cause. Thread-safe; close it to release the client it built.
 */
public final class VeniceE2eeChatModel implements ChatModel, AutoCloseable {
    private final ModelCore core;

    private VeniceE2eeChatModel(ModelCore core) {
        this.core = core;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sends the request over a freshly verified end-to-end-encrypted session and returns the decrypted answer. */
    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return core.chat(chatRequest);
    }

    /** The model name and sampling defaults from the builder. */
    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return core.defaults();
    }

    /** Releases the client if the builder made it (a client given with {@code client(...)} is left open). */
    @Override
    public void close() {
        core.close();
    }

    /** Builds a {@link VeniceE2eeChatModel}. */
    public static final class Builder extends VeniceE2eeModelBuilder<Builder> {
        private Builder() {
        }

        /**
         * The model.
         *
         * @throws IllegalStateException    when the model name is missing, or {@code client(...)} is combined with
         *                                  connection options
         * @throws IllegalArgumentException when the model is not {@code e2ee-*}, the policy level is unknown, or a
         *                                  trust anchor is not a PEM certificate
         */
        public VeniceE2eeChatModel build() {
            return new VeniceE2eeChatModel(core());
        }
    }
}
