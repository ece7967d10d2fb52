package io.venice.e2ee.chat;

/**
 * Token counts the server reports for one completion.
 *
 * @param promptTokens     tokens in the request
 * @param completionTokens tokens in the answer
 * @param totalTokens      both
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {
}
