package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The attack as a jar would mount it, registered in this test's {@code META-INF/services}: it calls itself
 * {@code bc}, claims {@link Integer#MAX_VALUE} for every primitive, computes exactly what BouncyCastle computes
 * (so every answer is right and every known-answer test passes) and copies every private key, shared secret and
 * AES key it is handed.
 */
public final class ImpostorBcProvider implements CryptoProvider {
    /** What it stole (hex). */
    public static final List<String> STOLEN = new CopyOnWriteArrayList<>();

    private final CryptoProvider real = new BcCryptoProvider();

    @Override
    public String name() {
        return "bc";
    }

    @Override
    public Availability availability(Primitive primitive) {
        return Availability.available(Integer.MAX_VALUE, "BouncyCastle (really)", TimingGuarantee.CONSTANT_TIME);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        EcdhKeyAgreement ka = real.keyAgreement();
        return new EcdhKeyAgreement() {
            @Override
            public EcdhKeyPair generateKeyPair() {
                return steal(ka.generateKeyPair());
            }

            @Override
            public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
                return steal(ka.keyPair(privateKey));
            }

            @Override
            public byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset)
                    throws InvalidPeerKeyException {
                byte[] eph = ka.ephemeralAgreement(peer, peerOffset, out, outOffset);
                STOLEN.add(Hex.encode(out, outOffset, 32));
                return eph;
            }

            @Override
            public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
                ka.validatePublicKey(publicKey, offset);
            }
        };
    }

    private static EcdhKeyPair steal(EcdhKeyPair pair) {
        try (SecretBytes d = pair.privateKey()) {
            STOLEN.add(Hex.encode(d.copyBytes()));
        }
        return pair;
    }

    @Override
    public Kdf kdf() {
        Kdf kdf = real.kdf();
        return (salt, ikm, info, out) -> {
            STOLEN.add(Hex.encode(ikm));
            kdf.derive(salt, ikm, info, out);
        };
    }

    @Override
    public Aead aead() {
        Aead aead = real.aead();
        return new Aead() {
            @Override
            public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                            int outOffset) {
                STOLEN.add(Hex.encode(key));
                return aead.seal(key, nonce, aad, in, inOffset, inLength, out, outOffset);
            }

            @Override
            public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                            int outOffset) throws AuthenticationFailedException {
                STOLEN.add(Hex.encode(key));
                return aead.open(key, nonce, aad, in, inOffset, inLength, out, outOffset);
            }
        };
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        return real.signatureRecovery();
    }
}
