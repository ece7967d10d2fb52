package io.venice.e2ee.envelope;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals and opens envelopes: ephemeral secp256k1 ECDH (X coordinate) ▸ HKDF-SHA256 (no salt, info
 * {@code "ecdsa_encryption"}, 32 bytes) ▸ AES-256-GCM (12-byte nonce, no associated data). Thread-safe.
 *
 * <p>Sealing uses a fresh ephemeral key and a fresh random nonce every time. Opening refuses, with a typed
 * {@link EnvelopeException}, anything that is not hex, too short, not a valid point, or fails the tag.
 */
public final class EnvelopeCipher {
    /** HKDF info string of the protocol. */
    private static final byte[] HKDF_INFO = "ecdsa_encryption".getBytes(StandardCharsets.US_ASCII);

    private final EcdhKeyAgreement keyAgreement;
    private final Kdf kdf;
    private final Aead aead;
    private final SecureRandom random;

    /** A cipher over the given suite's primitives. */
    public EnvelopeCipher(CryptoSuite suite) {
        this(suite.keyAgreement(), suite.kdf(), suite.aead());
    }

    /** A cipher over explicitly chosen primitives (they may come from different providers). */
    public EnvelopeCipher(EcdhKeyAgreement keyAgreement, Kdf kdf, Aead aead) {
        this.keyAgreement = Objects.requireNonNull(keyAgreement, "keyAgreement");
        this.kdf = Objects.requireNonNull(kdf, "kdf");
        this.aead = Objects.requireNonNull(aead, "aead");
        this.random = new SecureRandom();
    }

    /** The key agreement in use (e.g. to make a session key pair). */
    public EcdhKeyAgreement keyAgreement() {
        return keyAgreement;
    }

    /**
     * Encrypts UTF-8 text to {@code recipientPublicKey} (65 bytes uncompressed) and returns the lower-case hex envelope.
     *
     * @throws EnvelopeException.InvalidPublicKey if the recipient key is not a valid point
     * @throws EnvelopeException.TooLong          if the plaintext is above {@link Envelope#MAX_PLAINTEXT_LENGTH}
     */
    public String seal(byte[] recipientPublicKey, String plaintext) {
        return seal(recipientPublicKey, plaintext.getBytes(StandardCharsets.UTF_8)).toHex();
    }

    /**
     * Encrypts bytes to {@code recipientPublicKey} with a fresh ephemeral key and nonce.
     *
     * @throws EnvelopeException.InvalidPublicKey if the recipient key is not a valid point
     * @throws EnvelopeException.TooLong          if the plaintext is above {@link Envelope#MAX_PLAINTEXT_LENGTH}
     */
    public Envelope seal(byte[] recipientPublicKey, byte[] plaintext) {
        checkInputs(recipientPublicKey, plaintext);
        byte[] nonce = new byte[Envelope.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] shared = new byte[EcdhKeyAgreement.SHARED_SECRET_LENGTH];
        try {
            byte[] ephemeralPublic = keyAgreement.ephemeralAgreement(recipientPublicKey, 0, shared, 0);
            return assemble(ephemeralPublic, shared, nonce, plaintext);
        } catch (InvalidPeerKeyException e) {
            throw new EnvelopeException.InvalidPublicKey("recipient public key refused: " + e.getMessage());
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /**
     * Known-answer form of {@link #seal(byte[], byte[])}: the caller supplies the ephemeral key pair and nonce.
     * Only for reproducing test vectors; reusing an ephemeral key or nonce destroys the protocol's security.
     *
     * @throws EnvelopeException.InvalidPublicKey if the recipient key is not a valid point
     * @throws EnvelopeException.TooLong          if the plaintext is above {@link Envelope#MAX_PLAINTEXT_LENGTH}
     */
    public Envelope sealWith(EcdhKeyPair ephemeral, byte[] nonce, byte[] recipientPublicKey, byte[] plaintext) {
        checkInputs(recipientPublicKey, plaintext);
        byte[] shared = new byte[EcdhKeyAgreement.SHARED_SECRET_LENGTH];
        try {
            ephemeral.sharedSecretX(recipientPublicKey, 0, shared, 0);
            return assemble(ephemeral.publicKey(), shared, nonce, plaintext);
        } catch (InvalidPeerKeyException e) {
            throw new EnvelopeException.InvalidPublicKey("recipient public key refused: " + e.getMessage());
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** The checks made before any work; the recipient's point is validated by the key agreement itself. */
    private static void checkInputs(byte[] recipientPublicKey, byte[] plaintext) {
        if (recipientPublicKey == null || recipientPublicKey.length != EcdhKeyAgreement.PUBLIC_KEY_LENGTH) {
            throw new EnvelopeException.InvalidPublicKey("recipient public key must be 65 bytes (uncompressed)");
        }
        if (plaintext.length > Envelope.MAX_PLAINTEXT_LENGTH) {
            throw Envelope.tooLong(Envelope.MIN_LENGTH + (long) plaintext.length);
        }
    }

    /** HKDF and AES-GCM over a shared X: the envelope's bytes after the agreement. */
    private Envelope assemble(byte[] ephemeralPublic, byte[] shared, byte[] nonce, byte[] plaintext) {
        if (nonce.length != Envelope.NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be 12 bytes, got " + nonce.length);
        }
        byte[] aesKey = new byte[Aead.KEY_LENGTH];
        try {
            kdf.derive(null, shared, HKDF_INFO, aesKey);
            byte[] raw = new byte[Envelope.MIN_LENGTH + plaintext.length];
            System.arraycopy(ephemeralPublic, 0, raw, 0, Envelope.EPHEMERAL_KEY_LENGTH);
            System.arraycopy(nonce, 0, raw, Envelope.NONCE_OFFSET, Envelope.NONCE_LENGTH);
            aead.seal(aesKey, nonce, null, plaintext, 0, plaintext.length, raw, Envelope.CIPHERTEXT_OFFSET);
            return Envelope.wrap(raw);
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /**
     * Decrypts a hex envelope with the recipient's key pair and returns the plaintext as UTF-8 text.
     *
     * @throws EnvelopeException naming the check that failed
     */
    public String openToString(EcdhKeyPair recipient, CharSequence hex) {
        return new String(open(recipient, hex), StandardCharsets.UTF_8);
    }

    /**
     * Decrypts a hex envelope with the recipient's key pair.
     *
     * @throws EnvelopeException naming the check that failed
     */
    public byte[] open(EcdhKeyPair recipient, CharSequence hex) {
        return openRaw(recipient, Envelope.decode(hex));
    }

    /**
     * Decrypts a parsed envelope with the recipient's key pair.
     *
     * @throws EnvelopeException naming the check that failed
     */
    public byte[] open(EcdhKeyPair recipient, Envelope envelope) {
        return openRaw(recipient, envelope.raw());
    }

    private byte[] openRaw(EcdhKeyPair recipient, byte[] raw) {
        byte[] shared = new byte[EcdhKeyAgreement.SHARED_SECRET_LENGTH];
        byte[] aesKey = new byte[Aead.KEY_LENGTH];
        try {
            recipient.sharedSecretX(raw, 0, shared, 0);
            kdf.derive(null, shared, HKDF_INFO, aesKey);
            byte[] nonce = Arrays.copyOfRange(raw, Envelope.NONCE_OFFSET, Envelope.CIPHERTEXT_OFFSET);
            int ctLength = raw.length - Envelope.CIPHERTEXT_OFFSET;
            byte[] plaintext = new byte[ctLength - Aead.TAG_LENGTH];
            aead.open(aesKey, nonce, null, raw, Envelope.CIPHERTEXT_OFFSET, ctLength, plaintext, 0);
            return plaintext;
        } catch (InvalidPeerKeyException e) {
            throw new EnvelopeException.InvalidPoint("envelope's ephemeral public key refused: " + e.getMessage());
        } catch (AuthenticationFailedException e) {
            throw new EnvelopeException.TagMismatch("envelope's AES-GCM tag does not verify: it was altered,"
                    + " truncated, or encrypted to another key");
        } finally {
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(aesKey, (byte) 0);
        }
    }
}
