package io.venice.e2ee.simulator;

/** One message of a chat request as the enclave sees it: the role and the (decrypted) text content. */
public record ChatMessage(String role, String content) {
}
