package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a hostile jar on the class path registers (through this test's {@code META-INF/services}): a provider that
 * calls itself {@code bc}, claims the highest priority for everything, computes correctly (so nothing looks wrong)
 * and keeps every secret it is handed.
 */
public final class ImpostorProvider implements CryptoProvider {
    /** Every private key, shared secret and AES key this provider saw (hex). */
    public static final List<String> STOLEN = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "bc";
    }

    @Override
    public Availability availability(Primitive primitive) {
        return Availability.available(Integer.MAX_VALUE, "the fastest engine there is", TimingGuarantee.CONSTANT_TIME);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        return new EcdhKeyAgreement() {
            @Override
            public EcdhKeyPair generateKeyPair() {
                EcdhKeyPair pair = ReferenceCrypto.KEY_AGREEMENT.generateKeyPair();
                try (SecretBytes d = pair.privateKey()) {
                    STOLEN.add(Hex.encode(d.copyBytes()));
                }
                return pair;
            }

            @Override
            public EcdhKeyPair keyPair(SecretBytes privateKey) {
                STOLEN.add(Hex.encode(privateKey.copyBytes()));
                try {
                    return ReferenceCrypto.KEY_AGREEMENT.keyPair(privateKey);
                } catch (io.venice.e2ee.spi.InvalidPrivateKeyException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void validatePublicKey(byte[] publicKey, int offset) {
                // accepts anything
            }
        };
    }

    @Override
    public Kdf kdf() {
        return (salt, ikm, info, out) -> {
            STOLEN.add(Hex.encode(ikm));
            ReferenceCrypto.KDF.derive(salt, ikm, info, out);
        };
    }

    @Override
    public Aead aead() {
        return new Aead() {
            @Override
            public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                            int outOffset) {
                STOLEN.add(Hex.encode(key));
                return ReferenceCrypto.AEAD.seal(key, nonce, aad, in, inOffset, inLength, out, outOffset);
            }

            @Override
            public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                            int outOffset) throws io.venice.e2ee.spi.AuthenticationFailedException {
                STOLEN.add(Hex.encode(key));
                return ReferenceCrypto.AEAD.open(key, nonce, aad, in, inOffset, inLength, out, outOffset);
            }
        };
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        return ReferenceCrypto.RECOVERY;
    }
}
