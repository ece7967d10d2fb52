package io.venice.e2ee.client;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatRequestEncoder;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.signature.SignatureReport;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.InvalidPeerKeyException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * An end-to-end-encrypted session with one model: its verified attestation, the model key it vouches for, and a
 * fresh session key pair the answers are encrypted to. If the model key rotates (Venice says so, or the first
 * chunk of an answer does not decrypt), the session attests again with a new key pair and retries once, before
 * anything reached the caller. Closing erases the private keys. Thread-safe.
 */
public final class E2eeSession implements AutoCloseable {
    private static final String CLIENT_KEY = E2eeHeaders.CLIENT_PUBLIC_KEY;
    private static final String MODEL_KEY = E2eeHeaders.MODEL_PUBLIC_KEY;
    private static final String ALGO = E2eeHeaders.SIGNING_ALGORITHM;

    private final SessionServices services;
    private final String model;
    private final List<Keys> retired = new ArrayList<>();
    private volatile Keys keys;
    private volatile boolean closed;

    /** The attested state of a session: replaced as a whole on re-attestation. */
    private record Keys(Attestation attestation, byte[] modelKey, EcdhKeyPair sessionKey, String clientKeyHex,
                        ChunkDecryptor decryptor) {
    }

    E2eeSession(String model, Attestation attestation, SessionServices services) {
        this.services = services;
        this.model = model;
        this.keys = keysFor(attestation);
    }

    private Keys keysFor(Attestation a) {
        VerificationReport vr = a.verification();
        if (!vr.passed()) {
            throw new SessionException.AttestationRejected(model, vr);
        }
        if (a.modelKey() == null) {
            throw new SessionException.NoModelKey(model, "the attestation has no signing_key");
        }
        byte[] modelKey = a.modelKey().publicKey();
        EnvelopeCipher cipher = services.cipher();
        try {
            Secp256k1.validatePublicKey(modelKey, 0);
        } catch (InvalidPeerKeyException e) {
            throw new SessionException.NoModelKey(model, "its signing key is not a valid secp256k1 point: "
                    + e.getMessage());
        }
        EcdhKeyPair pair = cipher.keyAgreement().generateKeyPair();
        return new Keys(a, modelKey, pair, PublicKeyHex.format(pair.publicKey()),
                ChunkDecryptor.e2ee(cipher, pair, services.allowPlaintext()));
    }

    /** The model of this session. */
    public String model() {
        return model;
    }

    /** The attestation the current keys come from. */
    public Attestation attestation() {
        return keys.attestation();
    }

    /** The verification report of the current attestation. */
    public VerificationReport report() {
        return keys.attestation().verification();
    }

    /** The session public key (130 lower-case hex digits) the answers are encrypted to. */
    public String clientPublicKeyHex() {
        return keys.clientKeyHex();
    }

    /** The attested enclave signing address (derived from the attested key). */
    public String signingAddress() {
        return keys.attestation().signingAddress();
    }

    /** Sends an encrypted chat and returns its answer stream once the first chunk has decrypted. */
    public ChatStream chat(ChatRequest request) {
        return Futures.join(chatAsync(request));
    }

    /** Async form of {@link #chat(ChatRequest)}. */
    public CompletionStage<ChatStream> chatAsync(ChatRequest request) {
        return attempt(request, false);
    }

    private CompletableFuture<ChatStream> attempt(ChatRequest request, boolean retried) {
        Keys k;
        try {
            k = current();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // one ECDH per message: encrypt on the crypto executor, not on whatever I/O thread completed the last step
        return CompletableFuture.supplyAsync(() -> ChatRequestEncoder.encodeE2ee(request, model, services.cipher(),
                        k.modelKey(), services.encryption()), services.cpu())
                .thenCompose(body -> send(k, body, request))
                .exceptionallyCompose(e -> {
                    Throwable c = Futures.unwrap(e);
                    if (!retried && !closed && staleKey(c)) {
                        return reattest(k).thenCompose(x -> attempt(request, true));
                    }
                    return CompletableFuture.failedFuture(c);
                });
    }

    private CompletableFuture<ChatStream> send(Keys k, byte[] body, ChatRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CLIENT_KEY, k.clientKeyHex());
        headers.put(MODEL_KEY, k.attestation().modelKey().served());
        headers.put(ALGO, E2eeHeaders.SIGNING_ALGORITHM_ECDSA);
        CompletableFuture<ChatStream> sent = services.chats().send(headers, body, k.decryptor());
        AuditTrail audit = services.audit();
        if (audit == null) {
            return sent;
        }
        return sent.thenApply(stream -> {
            byte[] plain = audit.plaintext() ? ChatRequestEncoder.encodePlain(request, model) : null;
            audit.completion(k.attestation(), body, headers, stream, plain);
            return stream;
        });
    }

    private static boolean staleKey(Throwable c) {
        return c instanceof VeniceProtocolException.ServerRefused r && r.needsReattestation()
                || c instanceof VeniceProtocolException.DecryptFailed d && d.getCause() instanceof EnvelopeException;
    }

    private CompletableFuture<Void> reattest(Keys stale) {
        return services.attestations().replace(model, stale.attestation()).thenAccept(a -> {
            Keys fresh = keysFor(a);
            synchronized (this) {
                if (closed) {
                    fresh.sessionKey().close();
                    throw new CompletionException(new SessionException.Closed(model));
                }
                if (keys == stale) {
                    // streams still reading with the old key keep it until the session closes
                    retired.add(stale);
                    keys = fresh;
                } else {
                    fresh.sessionKey().close();
                }
            }
        });
    }

    private Keys current() {
        Keys k = keys;
        if (closed) {
            throw new SessionException.Closed(model);
        }
        return k;
    }

    /**
     * Fetches and verifies the response signature of a completion from this session: the signer must be the
     * attested address; the request hash is checked, and the response hash when the client hashes responses
     * ({@link VeniceClient.Builder#hashResponses}), else it is reported unverifiable.
     */
    public SignatureReport verifySignature(ChatCompletion completion) {
        return Futures.join(verifySignatureAsync(completion));
    }

    /** Async form of {@link #verifySignature(ChatCompletion)}. */
    public CompletionStage<SignatureReport> verifySignatureAsync(ChatCompletion completion) {
        return services.signatures().check(keys.attestation(), completion);
    }

    /** Erases the session's private keys (current and retired). Idempotent. */
    @Override
    public void close() {
        List<Keys> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(retired);
            toClose.add(keys);
            retired.clear();
        }
        for (Keys k : toClose) {
            k.sessionKey().close();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Never shows keys. */
    @Override
    public String toString() {
        return "E2eeSession[" + model + (closed ? ", closed" : "") + "]";
    }
}
