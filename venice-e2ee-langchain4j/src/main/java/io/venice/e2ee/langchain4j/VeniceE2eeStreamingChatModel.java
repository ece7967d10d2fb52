package io.venice.e2ee.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * A LangChain4j {@link StreamingChatModel} on Venice's end-to-end-encrypted models: each chat is attested and verified
 * as in {@link VeniceE2eeChatModel}, then every decrypted chunk of the answer reaches
 * {@code onPartialResponse} as it arrives (and reasoning, from models that stream it, {@code onPartialThinking});
 * {@code onCompleteResponse} gets the whole answer with a {@link VeniceE2eeChatResponseMetadata}. The
 * {@code StreamingHandle} in the partial contexts cancels the stream (closing the connection and erasing the session
 * key); after a cancel no callback follows.
 *
 * <p>Unsupported features (tools, non-text content, JSON response formats) are refused by throwing
 * {@link dev.langchain4j.exception.UnsupportedFeatureException} from {@code chat} before anything is sent; every later
 * failure, verification included ({@link VeniceE2eeVerificationException}), goes to {@code onError}. A handler
 * callback that throws stops the stream and its exception goes to {@code onError}. Callbacks run on the client's
 * decrypt threads, one at a time, in stream order.
 */
public final class VeniceE2eeStreamingChatModel implements StreamingChatModel, AutoCloseable {
    private final ModelCore core;

    private VeniceE2eeStreamingChatModel(ModelCore core) {
        this.core = core;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the chat over a freshly verified end-to-end-encrypted session; results go to {@code handler}. */
    @Override
    public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        core.stream(chatRequest, handler);
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

    /** Builds a {@link VeniceE2eeStreamingChatModel}. */
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
        public VeniceE2eeStreamingChatModel build() {
            return new VeniceE2eeStreamingChatModel(core());
        }
    }
}
