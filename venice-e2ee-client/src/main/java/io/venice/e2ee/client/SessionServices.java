package io.venice.e2ee.client;

import io.venice.e2ee.chat.MessageEncryption;
import io.venice.e2ee.envelope.EnvelopeCipher;

import java.util.concurrent.Executor;

/**
 * What an {@link E2eeSession} works with, handed over by the client that opens it.
 *
 * @param attestations   re-attests the model when its key rotates (dropping the kept attestation)
 * @param chats          sends chats and opens their answer streams
 * @param signatures     checks response signatures
 * @param cipher         seals requests and opens answers
 * @param encryption     which messages are encrypted
 * @param allowPlaintext whether plaintext deltas pass instead of failing as a downgrade
 * @param cpu            where requests are encrypted (never an event loop)
 * @param audit          writes a bundle per completion, or null when the client does not audit
 */
record SessionServices(AttestationCache attestations, ChatSender chats, SignatureChecker signatures,
                       EnvelopeCipher cipher, MessageEncryption encryption, boolean allowPlaintext, Executor cpu,
                       AuditTrail audit) {
}
