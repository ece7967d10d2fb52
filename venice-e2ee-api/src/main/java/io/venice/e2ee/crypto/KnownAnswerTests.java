package io.venice.e2ee.crypto;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;

import java.util.Arrays;

/**
 * The known-answer test each provider passes for a primitive before its first use: published vectors with fixed
 * inputs, so a provider that computes wrong answers (a broken engine, a misconfigured JCA provider, a careless
 * replacement) is refused before it sees a key. It is no defence against a provider written to deceive, which can
 * recognise these inputs: that is what trusting the built-in providers by class is for.
 */
final class KnownAnswerTests {
    // Wycheproof ecdh_secp256k1_test.json, tcId 1: private key, peer point (from its DER), shared X; the private
    // key's public point computed independently (affine arithmetic) and checked in the api's tests
    private static final byte[] ECDH_PRIVATE = Hex.decode(
            "f4b7ff7cccc98813a69fae3df222bfe3f4e28f764bf91b4a10d8096ce446b254");
    private static final byte[] ECDH_PUBLIC = Hex.decode("04"
            + "2437217554f2c4a425d320acb9519abe59fb491279630c8daa8d19bcaa6d6d32"
            + "fc1d8c23feba0a9ea3931fa3baa6684d870a514885b9f854ba1d1fda8fb33cc3");
    private static final byte[] ECDH_PEER = Hex.decode("04"
            + "d8096af8a11e0b80037e1ee68246b5dcbb0aeb1cf1244fd767db80f3fa27da2b"
            + "396812ea1686e7472e9692eaf3e958e50e9500d3b4c77243db1f2acd67ba9cc4");
    private static final byte[] ECDH_SHARED_X = Hex.decode(
            "544dfae22af6af939042b1d85b71a1e49e9a5614123c4d6ad0c8af65baf87d65");

    // RFC 5869 appendix A, test cases 1 (salt and info) and 3 (no salt, no info: the envelope's form)
    private static final byte[] HKDF_IKM = Hex.decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static final byte[] HKDF_SALT = Hex.decode("000102030405060708090a0b0c");
    private static final byte[] HKDF_INFO = Hex.decode("f0f1f2f3f4f5f6f7f8f9");
    private static final byte[] HKDF_OKM_1 = Hex.decode(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    private static final byte[] HKDF_OKM_3 = Hex.decode(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");

    // McGrew and Viega, "The Galois/Counter Mode of Operation", test case 15 (AES-256, 96-bit IV, no AAD)
    private static final byte[] GCM_KEY = Hex.decode(
            "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    private static final byte[] GCM_NONCE = Hex.decode("cafebabefacedbaddecaf888");
    private static final byte[] GCM_PLAINTEXT = Hex.decode(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                    + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    private static final byte[] GCM_SEALED = Hex.decode(
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                    + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"
                    + "b094dac5d93471bdec1a502270e3cc6c");

    // Wycheproof ecdsa_secp256k1_sha256_p1363_test.json, group 0, tcId 1: SHA-256("123400"), r ‖ s, and the group's
    // public key, which recovery id 0 gives
    private static final byte[] SIG_HASH = Hex.decode(
            "bb5a52f42f9c9261ed4361f59422a1e30036e7c32b270c8807a419feca605023");
    private static final byte[] SIG_RS = Hex.decode(
            "813ef79ccefa9a56f7ba805f0e478584fe5f0dd5f567bc09b5123ccbc9832365"
                    + "900e75ad233fcc908509dbff5922647db37c21f4afd3203ae8dc4ae7794b0f87");
    private static final byte[] SIG_PUBLIC = Hex.decode("04"
            + "b838ff44e5bc177bf21189d0766082fc9d843226887fc9760371100b7ee20a6f"
            + "f0c9d75bfba7b31a6bca1974496eeb56de357071955d83c4b1badaa0b21832e9");

    private KnownAnswerTests() {
    }

    /** Why {@code provider} fails the known-answer test of {@code primitive}, or null when it passes. */
    static String failure(CryptoProvider provider, Primitive primitive) {
        try {
            return switch (primitive) {
                case KEY_AGREEMENT -> keyAgreement(provider.keyAgreement());
                case KDF -> kdf(provider.kdf());
                case AEAD -> aead(provider.aead());
                case SIGNATURE_RECOVERY -> recovery(provider);
            };
        } catch (InvalidPeerKeyException e) {
            return "it refused a valid peer point";
        } catch (RuntimeException | LinkageError e) {
            return "it threw " + e.getClass().getSimpleName();
        }
    }

    private static String keyAgreement(EcdhKeyAgreement ka) throws InvalidPeerKeyException {
        EcdhKeyPair pair;
        try (SecretBytes d = SecretBytes.copyOf(ECDH_PRIVATE)) {
            pair = ka.keyPair(d);
        } catch (io.venice.e2ee.spi.InvalidPrivateKeyException e) {
            return "it refused a valid private key";
        }
        try (pair) {
            if (!Arrays.equals(pair.publicKey(), ECDH_PUBLIC)) {
                return "the public key of a known private key is wrong";
            }
            if (!Arrays.equals(pair.sharedSecretX(ECDH_PEER), ECDH_SHARED_X)) {
                return "the shared X of a known key pair and peer is wrong";
            }
            byte[] offCurve = ECDH_PEER.clone();
            offCurve[64] ^= 1;
            try {
                pair.sharedSecretX(offCurve);
                return "it agreed with a point that is not on the curve";
            } catch (InvalidPeerKeyException expected) {
                // refused, as every agreement must
            }
            byte[] x = new byte[EcdhKeyAgreement.SHARED_SECRET_LENGTH];
            byte[] ephemeral = ka.ephemeralAgreement(ECDH_PUBLIC, 0, x, 0);
            if (!Arrays.equals(pair.sharedSecretX(ephemeral), x)) {
                return "an ephemeral agreement disagrees with the key pair's";
            }
        }
        try {
            pair.sharedSecretX(ECDH_PEER);
            return "a closed key pair still agrees";
        } catch (IllegalStateException expected) {
            return null;
        }
    }

    private static String kdf(Kdf kdf) {
        if (!Arrays.equals(kdf.derive(HKDF_SALT, HKDF_IKM, HKDF_INFO, HKDF_OKM_1.length), HKDF_OKM_1)) {
            return "RFC 5869 test case 1 gives a wrong output";
        }
        if (!Arrays.equals(kdf.derive(null, HKDF_IKM, null, HKDF_OKM_3.length), HKDF_OKM_3)) {
            return "RFC 5869 test case 3 (no salt) gives a wrong output";
        }
        return null;
    }

    private static String aead(Aead aead) {
        if (!Arrays.equals(aead.seal(GCM_KEY, GCM_NONCE, GCM_PLAINTEXT), GCM_SEALED)) {
            return "GCM test case 15 seals to a wrong ciphertext or tag";
        }
        try {
            if (!Arrays.equals(aead.open(GCM_KEY, GCM_NONCE, GCM_SEALED), GCM_PLAINTEXT)) {
                return "GCM test case 15 opens to a wrong plaintext";
            }
        } catch (AuthenticationFailedException e) {
            return "GCM test case 15 does not open";
        }
        byte[] forged = GCM_SEALED.clone();
        forged[forged.length - 1] ^= 1;
        try {
            aead.open(GCM_KEY, GCM_NONCE, forged);
            return "it opens a ciphertext whose tag was changed";
        } catch (AuthenticationFailedException expected) {
            return null;
        }
    }

    private static String recovery(CryptoProvider provider) {
        try {
            return Arrays.equals(provider.signatureRecovery().recoverPublicKey(SIG_HASH, SIG_RS, 0), SIG_PUBLIC)
                    ? null : "a known signature recovers a wrong public key";
        } catch (InvalidSignatureException e) {
            return "it refuses a valid signature";
        }
    }
}
