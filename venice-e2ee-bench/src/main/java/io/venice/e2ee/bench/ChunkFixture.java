package io.venice.e2ee.bench;

import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;

import java.nio.charset.StandardCharsets;

/**
 * Streamed chunks as the enclave sends them: one envelope per chunk, each under a fresh ephemeral key, sealed to the
 * session key, carrying a short piece of text (a token or two), wrapped in an OpenAI-style SSE {@code data:} line and the blank line that ends the event.
 */
final class ChunkFixture {
    /** A typical chunk's text: a few tokens, non-ASCII included. */
    static final String TEXT = "Hello, wörld! 2+2 = 4.";

    final String[] envelopes;
    final byte[][] sseLines;

    /** Seals {@code count} chunks to {@code session} with {@code cipher}. */
    ChunkFixture(EnvelopeCipher cipher, EcdhKeyPair session, int count) {
        envelopes = new String[count];
        sseLines = new byte[count][];
        for (int i = 0; i < count; i++) {
            envelopes[i] = cipher.seal(session.publicKey(), TEXT);
            String json = "{\"id\":\"chatcmpl-8f2c1e0b9a\",\"object\":\"chat.completion.chunk\",\"created\":1777000000,"
                    + "\"model\":\"e2ee-qwen3-5-122b-a10b\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                    + envelopes[i] + "\"},\"logprobs\":null,\"finish_reason\":null}]}";
            sseLines[i] = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
