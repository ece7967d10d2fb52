package io.venice.e2ee.springai;

import io.venice.e2ee.chat.ChatRequest;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

import java.util.List;
import java.util.function.Function;

/**
 * Spring AI prompts to end-to-end-encrypted Venice requests. Whatever E2EE cannot carry (tool callbacks, tool calls and
 * responses, media, an output schema) is refused here with an {@link IllegalArgumentException}, before anything is
 * sent.
 */
final class PromptMapping {
    private PromptMapping() {
    }

    /** A prompt ready to send: the model it goes to and the request. */
    record Mapped(String model, ChatRequest request) {
    }

    static Mapped map(Prompt prompt, ChatOptions defaults) {
        ChatOptions options = prompt.getOptions();
        refuseUnsupported(options);
        String model = pick(options, defaults, ChatOptions::getModel);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model: set venice.e2ee.model, or the prompt's options model");
        }
        ChatRequest.Builder b = ChatRequest.builder();
        for (Message m : prompt.getInstructions()) {
            if (m instanceof SystemMessage s) {
                b.system(text(s.getText()));
            } else if (m instanceof UserMessage u) {
                if (!u.getMedia().isEmpty()) {
                    throw new IllegalArgumentException("a user message with " + u.getMedia().size() + " media item(s):"
                            + " end-to-end encryption carries text only (Venice refuses multimodal content); nothing"
                            + " was sent");
                }
                b.user(text(u.getText()));
            } else if (m instanceof AssistantMessage a) {
                if (a.hasToolCalls() || !a.getMedia().isEmpty()) {
                    throw new IllegalArgumentException("an assistant message with tool calls or media: end-to-end"
                            + " encryption carries text only; nothing was sent");
                }
                b.assistant(text(a.getText()));
            } else {
                throw new IllegalArgumentException("a " + m.getMessageType() + " message: end-to-end encryption carries"
                        + " only system, user and assistant text (no tool responses); nothing was sent");
            }
        }
        Double temperature = pick(options, defaults, ChatOptions::getTemperature);
        if (temperature != null) {
            b.temperature(temperature);
        }
        Integer maxTokens = pick(options, defaults, ChatOptions::getMaxTokens);
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        param(b, "top_p", pick(options, defaults, ChatOptions::getTopP));
        param(b, "top_k", pick(options, defaults, ChatOptions::getTopK));
        param(b, "frequency_penalty", pick(options, defaults, ChatOptions::getFrequencyPenalty));
        param(b, "presence_penalty", pick(options, defaults, ChatOptions::getPresencePenalty));
        List<String> stop = pick(options, defaults, ChatOptions::getStopSequences);
        if (stop != null && !stop.isEmpty()) {
            b.param("stop", stop);
        }
        return new Mapped(model, b.build());
    }

    private static void refuseUnsupported(ChatOptions options) {
        if (options instanceof ToolCallingChatOptions t && t.getToolCallbacks() != null
                && !t.getToolCallbacks().isEmpty()) {
            throw new IllegalArgumentException("tool callbacks (" + t.getToolCallbacks().size() + "): end-to-end-encrypted"
                    + " Venice models do not support function calling; nothing was sent");
        }
        if (options instanceof StructuredOutputChatOptions s && s.getOutputSchema() != null) {
            throw new IllegalArgumentException("an output schema: end-to-end-encrypted Venice chats carry no"
                    + " response_format; ask for JSON in the prompt instead; nothing was sent");
        }
    }

    private static <T> T pick(ChatOptions options, ChatOptions defaults, Function<ChatOptions, T> field) {
        T v = options == null ? null : field.apply(options);
        return v != null ? v : defaults == null ? null : field.apply(defaults);
    }

    private static void param(ChatRequest.Builder b, String name, Object value) {
        if (value != null) {
            b.param(name, value);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
