package io.venice.e2ee.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;

import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j requests to end-to-end-encrypted Venice requests. Whatever E2EE cannot carry (tools, images and other
 * non-text content, JSON mode and JSON schemas) is refused here, before anything is sent.
 */
final class RequestMapping {
    private RequestMapping() {
    }

    /** The Venice request for {@code request}, whose parameters already include the model's defaults. */
    static io.venice.e2ee.chat.ChatRequest toVenice(ChatRequest request) {
        ChatRequestParameters p = request.parameters();
        refuseUnsupported(p);
        io.venice.e2ee.chat.ChatRequest.Builder b = io.venice.e2ee.chat.ChatRequest.builder();
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                b.system(s.text());
            } else if (m instanceof UserMessage u) {
                b.user(userText(u));
            } else if (m instanceof AiMessage a) {
                if (a.hasToolExecutionRequests()) {
                    throw new UnsupportedFeatureException("an AiMessage with tool execution requests: end-to-end"
                            + " encryption carries no tool calls (Venice refuses them); nothing was sent");
                }
                b.assistant(a.text() == null ? "" : a.text());
            } else {
                throw new UnsupportedFeatureException("a " + m.type() + " message: end-to-end encryption carries only"
                        + " system, user and assistant text (no tool results); nothing was sent");
            }
        }
        if (p.temperature() != null) {
            b.temperature(p.temperature());
        }
        if (p.topP() != null) {
            b.param("top_p", p.topP());
        }
        if (p.topK() != null) {
            b.param("top_k", p.topK());
        }
        if (p.frequencyPenalty() != null) {
            b.param("frequency_penalty", p.frequencyPenalty());
        }
        if (p.presencePenalty() != null) {
            b.param("presence_penalty", p.presencePenalty());
        }
        if (p.maxOutputTokens() != null) {
            b.maxTokens(p.maxOutputTokens());
        }
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            b.param("stop", p.stopSequences());
        }
        return b.build();
    }

    private static void refuseUnsupported(ChatRequestParameters p) {
        if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
            throw new UnsupportedFeatureException("tools (" + p.toolSpecifications().size() + " tool specification(s)):"
                    + " end-to-end-encrypted Venice models do not support function calling; nothing was sent");
        }
        if (p.toolChoice() == ToolChoice.REQUIRED) {
            throw new UnsupportedFeatureException("toolChoice REQUIRED: end-to-end-encrypted Venice models do not"
                    + " support function calling; nothing was sent");
        }
        if (p.responseFormat() != null && p.responseFormat().type() == ResponseFormatType.JSON) {
            throw new UnsupportedFeatureException("response format JSON" + (p.responseFormat().jsonSchema() != null
                    ? " with a JSON schema" : "") + ": end-to-end-encrypted Venice chats carry no response_format;"
                    + " ask for JSON in the prompt instead; nothing was sent");
        }
    }

    /** The text of a user message; every part must be text (parts are joined with a newline). */
    private static String userText(UserMessage u) {
        List<String> parts = new ArrayList<>();
        for (Content c : u.contents()) {
            if (!(c instanceof TextContent t)) {
                throw new UnsupportedFeatureException(c.type() + " content in a user message: end-to-end encryption"
                        + " carries text only (Venice refuses multimodal content); nothing was sent");
            }
            parts.add(t.text());
        }
        return String.join("\n", parts);
    }
}
