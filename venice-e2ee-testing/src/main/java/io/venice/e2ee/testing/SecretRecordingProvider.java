package io.venice.e2ee.testing;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps a working suite and keeps a copy of every secret it makes or is handed: each private key, each ECDH shared
 * secret, each HKDF output and each AES key, so a test can look for them where they must never be (logs, messages,
 * HTTP bodies) with {@link SecretScan#inText}. Only for tests: it is the leak it helps find.
 */
public final class SecretRecordingProvider implements CryptoProvider {
    /** What a recorded secret is. */
    public enum Kind {
        /** A key pair's private scalar (32 bytes). */
        PRIVATE_KEY,
        /** The x coordinate of an ECDH agreement (32 bytes). */
        SHARED_SECRET,
        /** The output of HKDF-SHA256 (the AES key of an envelope). */
        DERIVED_KEY,
        /** A key handed to AES-GCM. */
        AES_KEY
    }

    /** One secret and what it is. */
    public record Secret(Kind kind, byte[] bytes) {
        @Override
        public String toString() {
            return "Secret[" + kind + ", " + bytes.length + " bytes]";
        }
    }

    private final CryptoSuite inner;
    private final List<Secret> secrets = new CopyOnWriteArrayList<>();

    /** Records what {@code inner}'s key agreement, HKDF and AES-GCM see. */
    public SecretRecordingProvider(CryptoSuite inner) {
        this.inner = inner;
    }

    /**
     * A suite whose key agreement, HKDF and AES-GCM are recorded (signature recovery, which holds no secret, from
     * the inner suite). What its known-answer tests use is not recorded.
     */
    public CryptoSuite suite() {
        CryptoSuite suite = CryptoSuite.builder().providers(List.of(this)).provider(name()).build();
        secrets.clear();
        return suite;
    }

    /** Every secret recorded so far, in order. */
    public List<Secret> secrets() {
        return List.copyOf(secrets);
    }

    /** The bytes of every secret recorded so far (for {@link SecretScan#inText}). */
    public byte[][] secretBytes() {
        return secrets.stream().map(Secret::bytes).toArray(byte[][]::new);
    }

    /** Whether a secret of {@code kind} was recorded. */
    public boolean recorded(Kind kind) {
        return secrets.stream().anyMatch(s -> s.kind() == kind);
    }

    private void record(Kind kind, byte[] bytes, int offset, int length) {
        secrets.add(new Secret(kind, java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    @Override
    public String name() {
        return "secret-recording";
    }

    @Override
    public Availability availability(Primitive primitive) {
        return Availability.available(1, "records " + inner.providerName(primitive),
                io.venice.e2ee.spi.TimingGuarantee.VARIABLE_TIME);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        return new MappedKeyAgreement(inner.keyAgreement(), this::recorded);
    }

    private EcdhKeyPair recorded(EcdhKeyPair pair) {
        try (SecretBytes key = pair.privateKey()) {
            record(Kind.PRIVATE_KEY, key.copyBytes(), 0, EcdhKeyAgreement.PRIVATE_KEY_LENGTH);
        }
        return new EcdhKeyPair() {
            @Override
            public byte[] publicKey() {
                return pair.publicKey();
            }

            @Override
            public SecretBytes privateKey() {
                return pair.privateKey();
            }

            @Override
            public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset)
                    throws InvalidPeerKeyException {
                pair.sharedSecretX(peer, peerOffset, out, outOffset);
                record(Kind.SHARED_SECRET, out, outOffset, EcdhKeyAgreement.SHARED_SECRET_LENGTH);
            }

            @Override
            public void close() {
                pair.close();
            }
        };
    }

    @Override
    public Kdf kdf() {
        Kdf kdf = inner.kdf();
        return (salt, ikm, info, out) -> {
            kdf.derive(salt, ikm, info, out);
            record(Kind.DERIVED_KEY, out, 0, out.length);
        };
    }

    @Override
    public Aead aead() {
        Aead aead = inner.aead();
        return new Aead() {
            @Override
            public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                    int outOffset) {
                record(Kind.AES_KEY, key, 0, key.length);
                return aead.seal(key, nonce, aad, in, inOffset, inLength, out, outOffset);
            }

            @Override
            public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                    int outOffset) throws AuthenticationFailedException {
                record(Kind.AES_KEY, key, 0, key.length);
                return aead.open(key, nonce, aad, in, inOffset, inLength, out, outOffset);
            }
        };
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        return inner.signatureRecovery();
    }
}
