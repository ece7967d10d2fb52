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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns the data of one server-sent event (a chat-completion chunk as JSON) into its fields: parses it with
 * a streaming parser (no tree) under the project's JSON rules ({@link VeniceJson}: a key repeated in one object or
 * content after the object is refused, never read one of two ways) and opens {@code choices[0].delta.content} and
 * {@code reasoning_content}/{@code reasoning} with the session key, and likewise the same fields of
 * {@code choices[0].message} (a whole completion) and {@code choices[0].text} (the legacy shape). This is the per-chunk
 * hot path: one ECDH per encrypted field. Thread-safe: chunks may be decrypted in parallel.
 *
 * <p>In an end-to-end-encrypted session:
 * <ul>
 *   <li>answer text that is neither an envelope nor the empty string is a downgrade and is refused, unless plaintext
 *       was explicitly allowed (then it passes with a {@link ConfidentialityWarning}): text the server did not
 *       encrypt is never dropped silently;</li>
 *   <li>reasoning in plaintext passes with a {@link ConfidentialityWarning}, or is refused as a downgrade when the
 *       decryptor was made to refuse it;</li>
 *   <li>an envelope whose server ephemeral key this decryptor (one per session key) has already opened one with is
 *       refused ({@link VeniceProtocolException.RepeatedEphemeralKey}).</li>
 * </ul>
 * Text comes out of an envelope as bytes; a stream decodes them in stream order, so a UTF-8 character split across two
 * envelopes comes out whole.
 */
public final class ChunkDecryptor {
    private static final JsonFactory JSON = VeniceJson.newMapper().getFactory();
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_BYTES = new byte[0];

    private final EnvelopeCipher cipher;
    private final EcdhKeyPair sessionKey;
    private final boolean allowPlaintext;
    private final boolean refusePlaintextReasoning;
    private final PrivacyMode privacy;
    private final SeenEphemeralKeys seenKeys;

    private ChunkDecryptor(EnvelopeCipher cipher, EcdhKeyPair sessionKey, boolean allowPlaintext,
                           boolean refusePlaintextReasoning, PrivacyMode privacy) {
        this.cipher = cipher;
        this.sessionKey = sessionKey;
        this.allowPlaintext = allowPlaintext;
        this.refusePlaintextReasoning = refusePlaintextReasoning;
        this.privacy = privacy;
        this.seenKeys = cipher == null ? null : new SeenEphemeralKeys();
    }

    /**
     * A decryptor for an end-to-end-encrypted session that lets plaintext reasoning through with a warning.
     *
     * @param sessionKey     the session's key pair (the server encrypts to its public key)
     * @param allowPlaintext whether plaintext answer text passes (with {@link ChatDelta#encrypted()} false and a
     *                       {@link ConfidentialityWarning}) instead of raising {@link VeniceProtocolException.Downgrade}
     */
    public static ChunkDecryptor e2ee(EnvelopeCipher cipher, EcdhKeyPair sessionKey, boolean allowPlaintext) {
        return e2ee(cipher, sessionKey, allowPlaintext, false);
    }

    /**
     * A decryptor for an end-to-end-encrypted session; make one per session key (it remembers the server ephemeral
     * keys it has seen).
     *
     * @param sessionKey               the session's key pair (the server encrypts to its public key)
     * @param allowPlaintext           whether plaintext text fields pass (with a {@link ConfidentialityWarning})
     *                                 instead of raising {@link VeniceProtocolException.Downgrade}
     * @param refusePlaintextReasoning whether plaintext reasoning is a downgrade too (unless plaintext is allowed);
     *                                 when false it passes with a {@link ConfidentialityWarning}
     */
    public static ChunkDecryptor e2ee(EnvelopeCipher cipher, EcdhKeyPair sessionKey, boolean allowPlaintext,
                                      boolean refusePlaintextReasoning) {
        return new ChunkDecryptor(Objects.requireNonNull(cipher, "cipher"), Objects.requireNonNull(sessionKey,
                "sessionKey"), allowPlaintext, refusePlaintextReasoning, PrivacyMode.END_TO_END);
    }

    /** A decryptor for a chat with a model that offers no privacy: chunks are parsed, nothing is decrypted. */
    public static ChunkDecryptor plaintext() {
        return new ChunkDecryptor(null, null, true, false, PrivacyMode.PLAINTEXT);
    }

    /** A decryptor for a TEE-only chat (attested model, no encryption): chunks are parsed, nothing is decrypted. */
    public static ChunkDecryptor teeOnly() {
        return new ChunkDecryptor(null, null, true, false, PrivacyMode.TEE_ONLY);
    }

    /** How the chats this decryptor reads travel. */
    public PrivacyMode privacy() {
        return privacy;
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
     * Parses one chunk's JSON and decrypts its text fields, decoding the chunk's text on its own (a character split
     * across two chunks becomes U+FFFD here; a {@link ChatStream} decodes a stream's text as one).
     *
     * @param chunkIndex 0-based index of the chunk in its stream (named in errors)
     * @throws VeniceProtocolException.MalformedChunk        if the JSON does not parse or is not an object
     * @throws VeniceProtocolException.DecryptFailed         if an envelope does not open (names the chunk and field)
     * @throws VeniceProtocolException.RepeatedEphemeralKey  if an envelope reuses a server ephemeral key
     * @throws VeniceProtocolException.Downgrade             if a text field is plaintext where the policy refuses it
     * @throws VeniceProtocolException.ServerRefused         if the chunk carries one of Venice's documented errors
     * @throws VeniceProtocolException.StreamError           if the chunk carries another error
     */
    public ChatDelta decrypt(byte[] json, int offset, int length, long chunkIndex) {
        OpenedChunk c = open(json, offset, length, chunkIndex);
        return new ChatDelta(c.index(), c.id(), c.model(), text(c.content()), text(c.reasoning()), c.finishReason(),
                c.usage(), c.encrypted());
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** Parses one chunk's JSON and opens its text fields, leaving the text as bytes (see the class comment). */
    OpenedChunk open(byte[] json, int offset, int length, long chunkIndex) {
        Fields f = new Fields(chunkIndex);
        try (JsonParser p = JSON.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new VeniceProtocolException.MalformedChunk(chunkIndex, "not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> f.id = t == JsonToken.VALUE_STRING ? p.getText() : f.id;
                    case "model" -> f.model = t == JsonToken.VALUE_STRING ? p.getText() : f.model;
                    case "usage" -> f.usage = t == JsonToken.START_OBJECT ? usage(p) : f.usage;
                    case "error" -> f.error = errorText(p, t);
                    case "choices" -> choices(p, t, f);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new VeniceProtocolException.MalformedChunk(chunkIndex, "content after the JSON object", null);
            }
        } catch (IOException e) {
            throw new VeniceProtocolException.MalformedChunk(chunkIndex, VeniceJson.problem(e), e);
        }
        if (f.error != null) {
            VeniceError known = VeniceError.find(f.error).orElse(null);
            if (known != null) {
                throw new VeniceProtocolException.ServerRefused(known, 200, f.error);
            }
            throw new VeniceProtocolException.StreamError(chunkIndex, printable(f.error));
        }
        return new OpenedChunk(chunkIndex, f.id, f.model, f.content, f.reasoning, f.finishReason, f.usage,
                f.encrypted && cipher != null, f.warnings == null ? List.of() : List.copyOf(f.warnings));
    }

    /** What one chunk carries, gathered while it is parsed. */
    private static final class Fields {
        final long index;
        String id;
        String model;
        byte[] content;
        byte[] reasoning;
        String finishReason;
        Usage usage;
        String error;
        boolean encrypted;
        List<ConfidentialityWarning> warnings;

        Fields(long index) {
            this.index = index;
        }
    }

    private void choices(JsonParser p, JsonToken t, Fields f) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
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
                            f.content = append(f.content, open(p.getText(), f, cn + ".content", false));
                        } else if (dt == JsonToken.VALUE_STRING
                                && ("reasoning_content".equals(dn) || "reasoning".equals(dn))) {
                            f.reasoning = append(f.reasoning, open(p.getText(), f, cn + "." + dn, true));
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if ("text".equals(cn) && ct == JsonToken.VALUE_STRING) {
                    // the legacy completions shape: text here must obey the same rule as a delta
                    f.content = append(f.content, open(p.getText(), f, "text", false));
                } else if ("finish_reason".equals(cn) && ct == JsonToken.VALUE_STRING) {
                    f.finishReason = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static byte[] append(byte[] soFar, byte[] more) {
        if (soFar == null || soFar.length == 0) {
            return more;
        }
        byte[] out = Arrays.copyOf(soFar, soFar.length + more.length);
        System.arraycopy(more, 0, out, soFar.length, more.length);
        return out;
    }

    /** The bytes of one text field: opened when it is an envelope, else checked against the plaintext rules. */
    private byte[] open(String raw, Fields f, String field, boolean reasoning) {
        if (cipher == null) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        if (isEnvelope(raw)) {
            f.encrypted = true;
            byte[] text;
            try {
                text = cipher.open(sessionKey, raw);
            } catch (EnvelopeException e) {
                throw new VeniceProtocolException.DecryptFailed(f.index, field, e);
            }
            if (!seenKeys.add(raw)) {
                throw new VeniceProtocolException.RepeatedEphemeralKey(f.index, field);
            }
            return text;
        }
        // the enclave removes an empty content rather than encrypting it; any other plaintext was not encrypted to us
        if (raw.isEmpty()) {
            return NO_BYTES;
        }
        if (allowPlaintext || reasoning && !refusePlaintextReasoning) {
            if (f.warnings == null) {
                f.warnings = new ArrayList<>(2);
            }
            f.warnings.add(new ConfidentialityWarning(f.index, field));
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        throw new VeniceProtocolException.Downgrade(f.index, field);
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
