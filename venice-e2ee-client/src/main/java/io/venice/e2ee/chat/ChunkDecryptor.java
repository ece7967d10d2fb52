package io.venice.e2ee.chat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.envelope.Envelope;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.spi.EcdhKeyPair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns the data of one server-sent event (a chat-completion chunk as JSON) into a {@link ChatDelta}: parses it with
 * a streaming parser (no tree) under the project's JSON rules ({@link VeniceJson}: a key repeated in one object or
 * content after the object is refused, never read one of two ways) and opens {@code choices[0].delta.content} and
 * {@code reasoning_content}/{@code reasoning} with the session key, and likewise the same fields of
 * {@code choices[0].message} (a whole completion) and {@code choices[0].text} (the legacy shape). This is the per-chunk hot path: one ECDH per
 * encrypted field. Thread-safe: chunks may be decrypted in parallel.
 *
 * <p>In an end-to-end-encrypted session any of those fields that is neither an envelope nor whitespace is a
 * downgrade and is refused, unless plaintext was explicitly allowed: text the server did not encrypt is never
 * dropped silently.
 */
public final class ChunkDecryptor {
    private static final JsonFactory JSON = VeniceJson.newMapper().getFactory();
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final EnvelopeCipher cipher;
    private final EcdhKeyPair sessionKey;
    private final boolean allowPlaintext;

    private ChunkDecryptor(EnvelopeCipher cipher, EcdhKeyPair sessionKey, boolean allowPlaintext) {
        this.cipher = cipher;
        this.sessionKey = sessionKey;
        this.allowPlaintext = allowPlaintext;
    }

    /**
     * A decryptor for an end-to-end-encrypted session.
     *
     * @param sessionKey     the session's key pair (the server encrypts to its public key)
     * @param allowPlaintext whether plaintext deltas pass (with {@link ChatDelta#encrypted()} false) instead of
     *                       raising {@link VeniceProtocolException.Downgrade}
     */
    public static ChunkDecryptor e2ee(EnvelopeCipher cipher, EcdhKeyPair sessionKey, boolean allowPlaintext) {
        return new ChunkDecryptor(Objects.requireNonNull(cipher, "cipher"), Objects.requireNonNull(sessionKey,
                "sessionKey"), allowPlaintext);
    }

    /** A decryptor for a plain {@code tee-*} chat: chunks are parsed, nothing is decrypted. */
    public static ChunkDecryptor plaintext() {
        return new ChunkDecryptor(null, null, true);
    }

    /** Whether {@code data[offset, offset+length)} is the end marker {@code [DONE]} (surrounding spaces ignored). */
    public static boolean isDone(byte[] data, int offset, int length) {
        int from = offset;
        int to = offset + length;
        while (from < to && data[from] == ' ') {
            from++;
        }
        while (to > from && (data[to - 1] == ' ' || data[to - 1] == '\n')) {
            to--;
        }
        if (to - from != DONE.length) {
            return false;
        }
        for (int i = 0; i < DONE.length; i++) {
            if (data[from + i] != DONE[i]) {
                return false;
            }
        }
        return true;
    }

    /** String form of {@link #decrypt(byte[], int, int, long)}. */
    public ChatDelta decrypt(String json, long chunkIndex) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return decrypt(b, 0, b.length, chunkIndex);
    }

    /**
     * Parses one chunk's JSON and decrypts its text fields.
     *
     * @param chunkIndex 0-based index of the chunk in its stream (named in errors)
     * @throws VeniceProtocolException.MalformedChunk if the JSON does not parse or is not an object
     * @throws VeniceProtocolException.DecryptFailed  if an envelope does not open (names the chunk and the field)
     * @throws VeniceProtocolException.Downgrade      if a non-whitespace text field is plaintext in an encrypted session
     * @throws VeniceProtocolException.ServerRefused  if the chunk carries one of Venice's documented errors
     * @throws VeniceProtocolException.StreamError    if the chunk carries another error
     */
    public ChatDelta decrypt(byte[] json, int offset, int length, long chunkIndex) {
        String id = null;
        String model = null;
        String content = null;
        String reasoning = null;
        String finishReason = null;
        Usage usage = null;
        String error = null;
        boolean encryptedSeen = false;
        try (JsonParser p = JSON.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new VeniceProtocolException.MalformedChunk(chunkIndex, "not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> id = t == JsonToken.VALUE_STRING ? p.getText() : id;
                    case "model" -> model = t == JsonToken.VALUE_STRING ? p.getText() : model;
                    case "usage" -> usage = t == JsonToken.START_OBJECT ? usage(p) : usage;
                    case "error" -> error = errorText(p, t);
                    case "choices" -> {
                        if (t != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            break;
                        }
                        boolean first = true;
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            if (!first) {
                                p.skipChildren();
                                continue;
                            }
                            first = false;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String cn = p.currentName();
                                JsonToken ct = p.nextToken();
                                if (("delta".equals(cn) || "message".equals(cn)) && ct == JsonToken.START_OBJECT) {
                                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                                        String dn = p.currentName();
                                        JsonToken dt = p.nextToken();
                                        if (dt == JsonToken.VALUE_STRING && "content".equals(dn)) {
                                            String raw = p.getText();
                                            encryptedSeen |= isEnvelope(raw);
                                            content = append(content, open(raw, chunkIndex, cn + ".content"));
                                        } else if (dt == JsonToken.VALUE_STRING
                                                && ("reasoning_content".equals(dn) || "reasoning".equals(dn))) {
                                            String raw = p.getText();
                                            encryptedSeen |= isEnvelope(raw);
                                            reasoning = append(reasoning, open(raw, chunkIndex, cn + "." + dn));
                                        } else {
                                            p.skipChildren();
                                        }
                                    }
                                } else if ("text".equals(cn) && ct == JsonToken.VALUE_STRING) {
                                    // the legacy completions shape: text here must obey the same rule as a delta
                                    String raw = p.getText();
                                    encryptedSeen |= isEnvelope(raw);
                                    content = append(content, open(raw, chunkIndex, "text"));
                                } else if ("finish_reason".equals(cn) && ct == JsonToken.VALUE_STRING) {
                                    finishReason = p.getText();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new VeniceProtocolException.MalformedChunk(chunkIndex, "content after the JSON object", null);
            }
        } catch (IOException e) {
            throw new VeniceProtocolException.MalformedChunk(chunkIndex, VeniceJson.problem(e), e);
        }
        if (error != null) {
            VeniceError known = VeniceError.find(error).orElse(null);
            if (known != null) {
                throw new VeniceProtocolException.ServerRefused(known, 200, error);
            }
            throw new VeniceProtocolException.StreamError(chunkIndex, printable(error));
        }
        return new ChatDelta(chunkIndex, id, model, content, reasoning, finishReason, usage,
                encryptedSeen && cipher != null);
    }

    private static String append(String soFar, String more) {
        return soFar == null ? more : soFar + more;
    }

    private String open(String raw, long chunkIndex, String field) {
        if (cipher == null) {
            return raw;
        }
        if (isEnvelope(raw)) {
            try {
                return cipher.openToString(sessionKey, raw);
            } catch (EnvelopeException e) {
                throw new VeniceProtocolException.DecryptFailed(chunkIndex, field, e);
            }
        }
        if (raw.isBlank() || allowPlaintext) {
            return raw;
        }
        throw new VeniceProtocolException.Downgrade(chunkIndex, field);
    }

    /** Shape test only (length and prefix): anything that claims to be an envelope must open or be refused. */
    private static boolean isEnvelope(String s) {
        return s.length() >= Envelope.MIN_HEX_LENGTH && s.charAt(0) == '0' && s.charAt(1) == '4';
    }

    private static Usage usage(JsonParser p) throws IOException {
        long prompt = 0;
        long completion = 0;
        long total = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                switch (n) {
                    case "prompt_tokens" -> prompt = p.getLongValue();
                    case "completion_tokens" -> completion = p.getLongValue();
                    case "total_tokens" -> total = p.getLongValue();
                    default -> {
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new Usage(prompt, completion, total);
    }

    private static String errorText(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.START_OBJECT) {
            String message = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                JsonToken v = p.nextToken();
                if ("message".equals(n) && v == JsonToken.VALUE_STRING) {
                    message = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return message == null ? "(no message)" : message;
        }
        p.skipChildren();
        return t == JsonToken.VALUE_NULL ? null : "(unreadable error)";
    }

    /** A server's error text as a message may quote it: one line, no control characters, at most 200 characters. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
