package io.venice.e2ee.chat;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An answer as an enclave would stream it to one session key: every text sealed in a real envelope (BouncyCastle
 * provider), chunks as JSON, the body as server-sent events.
 */
final class SealedAnswer implements AutoCloseable {
    final EnvelopeCipher cipher = new EnvelopeCipher(CryptoSuite.builder().provider("bc").build());
    final EcdhKeyPair session = cipher.keyAgreement().generateKeyPair();

    /** A decryptor holding the session key, refusing plaintext. */
    ChunkDecryptor decryptor() {
        return ChunkDecryptor.e2ee(cipher, session, false);
    }

    /** One chunk whose {@code delta.content} is {@code text} sealed to the session key. */
    String chunk(String text) {
        return "{\"id\":\"chatcmpl-7\",\"model\":\"e2ee-m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + cipher.seal(session.publicKey(), text) + "\"}}]}";
    }

    /** One chunk whose {@code delta} carries {@code field} = {@code text} sealed to the session key. */
    String sealedField(String field, String text) {
        return delta("\"" + field + "\":\"" + cipher.seal(session.publicKey(), text) + "\"");
    }

    /** One chunk whose {@code delta} carries {@code field} = {@code bytes} sealed to the session key. */
    String sealedBytes(String field, byte[] bytes) {
        return delta("\"" + field + "\":\"" + cipher.seal(session.publicKey(), bytes).toHex() + "\"");
    }

    /** One chunk whose {@code delta} object holds exactly {@code members} (JSON members, comma-separated). */
    static String delta(String members) {
        return "{\"id\":\"chatcmpl-7\",\"choices\":[{\"index\":0,\"delta\":{" + members + "}}]}";
    }

    /** One chunk whose {@code delta.content} is {@code text} in plaintext (a downgrade in an E2EE session). */
    static String plainChunk(String text) {
        return "{\"id\":\"chatcmpl-7\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}";
    }

    /** One chunk holding a sealed envelope whose tag was altered, so it does not open. */
    String tamperedChunk(String text) {
        String env = cipher.seal(session.publicKey(), text);
        char last = env.charAt(env.length() - 1);
        return "{\"choices\":[{\"delta\":{\"content\":\"" + env.substring(0, env.length() - 1) + (last == '0' ? '1' : '0')
                + "\"}}]}";
    }

    /** The chunks as server-sent events, with {@code data: [DONE]} after them when {@code done}. */
    static byte[] sse(List<String> chunks, boolean done) {
        StringBuilder sb = new StringBuilder();
        for (String c : chunks) {
            sb.append("data: ").append(c).append("\n\n");
        }
        if (done) {
            sb.append("data: [DONE]\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sealed chunks for each text, as server-sent events. */
    byte[] sseOf(List<String> texts, boolean done) {
        return sse(texts.stream().map(this::chunk).toList(), done);
    }

    @Override
    public void close() {
        session.close();
    }
}
