package io.venice.e2ee.crypto.nativesecp;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What both key-agreement engines over libsecp256k1 must do (the JNI one and the {@code java.lang.foreign} one):
 * the golden envelopes, every refusal, agreement with a plain multiply from many threads, erasure on close.
 */
abstract class KeyAgreementEngineContract {
    /** The engine under test. */
    protected final EcdhKeyAgreement ka = engine();

    /** The engine's key agreement; fails (never skips) where it cannot run. */
    protected abstract EcdhKeyAgreement engine();

    /** The key agreement of the provider pinned to {@code engine}, which must be the one it serves. */
    static EcdhKeyAgreement pinned(NativeCryptoProvider.Engine engine) {
        NativeCryptoProvider provider = new NativeCryptoProvider(engine);
        assertThat(provider.activeEngine()).as(provider.availability(Primitive.KEY_AGREEMENT).detail()).isEqualTo(engine);
        return provider.keyAgreement();
    }

    @Test
    void goldenEnvelopesGiveTheRecordedSharedSecretAndOpenWithIt() throws Exception {
        JsonNode envelopes = TestVectors.json("venice/e2ee_vectors.json").get("envelopes");
        assertThat(envelopes.size()).isGreaterThan(5);
        for (JsonNode v : envelopes) {
            byte[] raw = Hex.decode(v.get("envelope").asText());
            byte[] expectedShared = Hex.decode(v.get("sharedSecretX").asText());
            try (SecretBytes d = SecretBytes.copyOf(Hex.decode(v.get("recipientPrivateKey").asText()));
                 EcdhKeyPair recipient = ka.keyPair(d);
                 SecretBytes e = SecretBytes.copyOf(Hex.decode(v.get("ephemeralPrivateKey").asText()));
                 EcdhKeyPair ephemeral = ka.keyPair(e)) {
                assertThat(Hex.encode(recipient.publicKey())).isEqualTo(v.get("recipientPublicKey").asText());
                assertThat(ephemeral.publicKey()).isEqualTo(Arrays.copyOfRange(raw, 0, 65));
                byte[] shared = new byte[32];
                recipient.sharedSecretX(raw, 0, shared, 0);
                assertThat(shared).as("vector %s", v.get("id")).isEqualTo(expectedShared);
                assertThat(ephemeral.sharedSecretX(recipient.publicKey())).isEqualTo(expectedShared);
                assertThat(openWithJdk(shared, raw)).isEqualTo(v.get("plaintext").asText());
            }
        }
    }

    @Test
    void refusesEveryNonUncompressedFormAndSaysWhich() {
        try (EcdhKeyPair pair = ka.generateKeyPair(); EcdhKeyPair other = ka.generateKeyPair()) {
            byte[] good = other.publicKey();
            assertThat(refusal(pair, prefixed(good, 0x06 | (good[64] & 1)))).contains("hybrid");
            assertThat(refusal(pair, prefixed(good, 0x07 ^ (good[64] & 1)))).contains("hybrid");
            assertThat(refusal(pair, prefixed(good, 0x02))).contains("compressed");
            assertThat(refusal(pair, prefixed(good, 0x03))).contains("compressed");
            assertThat(refusal(pair, new byte[65])).contains("infinity");
            assertThat(refusal(pair, prefixed(new byte[65], 0x04))).contains("not a point");
            byte[] offCurve = good.clone();
            offCurve[64] ^= 1;
            assertThat(refusal(pair, offCurve)).contains("not a point");
            byte[] xAboveP = prefixed(new byte[65], 0x04);
            Arrays.fill(xAboveP, 1, 33, (byte) 0xff);
            assertThat(refusal(pair, xAboveP)).contains("not below the field prime");
            assertThatThrownBy(() -> pair.sharedSecretX(Arrays.copyOf(good, 64)))
                    .isInstanceOf(InvalidPeerKeyException.class).hasMessageContaining("65 bytes");
            assertThatThrownBy(() -> pair.sharedSecretX(good, 1, new byte[32], 0))
                    .isInstanceOf(InvalidPeerKeyException.class).hasMessageContaining("65 bytes");
        }
    }

    @Test
    void refusalMessagesNeverShowTheKeys() throws Exception {
        byte[] d = Hex.decode("96f087c8638022b847350b1d6ac00773b480fd83730a67daf0257f6191beec14");
        try (SecretBytes sk = SecretBytes.copyOf(d); EcdhKeyPair pair = ka.keyPair(sk)) {
            byte[] offCurve = pair.publicKey();
            offCurve[40] ^= 0x10;
            String message = refusal(pair, offCurve);
            assertThat(message).doesNotContain(Hex.encode(d)).doesNotContain(Hex.encode(offCurve).substring(2, 40));
            assertThat(pair.toString()).doesNotContain(Hex.encode(d));
        }
    }

    @Test
    void ephemeralAgreementGivesTheXTheRecipientComputes() throws Exception {
        try (EcdhKeyPair recipient = ka.generateKeyPair()) {
            byte[] out = new byte[40];
            byte[] peer = new byte[70];
            System.arraycopy(recipient.publicKey(), 0, peer, 3, 65);
            byte[] ephemeralPublic = ka.ephemeralAgreement(peer, 3, out, 5);
            ka.validatePublicKey(ephemeralPublic, 0);
            assertThat(Arrays.copyOfRange(out, 5, 37)).isEqualTo(recipient.sharedSecretX(ephemeralPublic));
            assertThat(ka.ephemeralAgreement(recipient.publicKey(), 0, new byte[32], 0)).isNotEqualTo(ephemeralPublic);
            byte[] offCurve = recipient.publicKey();
            offCurve[64] ^= 1;
            assertThatThrownBy(() -> ka.ephemeralAgreement(offCurve, 0, new byte[32], 0))
                    .isInstanceOf(InvalidPeerKeyException.class).hasMessageContaining("not a point");
            assertThatThrownBy(() -> ka.ephemeralAgreement(prefixed(recipient.publicKey(), 0x02), 0, new byte[32], 0))
                    .isInstanceOf(InvalidPeerKeyException.class).hasMessageContaining("compressed");
        }
    }

    @Test
    void agreesWithTheLibrarysPlainMultiplyFromManyThreads() throws Exception {
        var secp = fr.acinq.secp256k1.Secp256k1.get();
        try (EcdhKeyPair a = ka.generateKeyPair(); EcdhKeyPair b = ka.generateKeyPair();
             SecretBytes d = a.privateKey()) {
            byte[] plain = Arrays.copyOfRange(secp.pubKeyTweakMul(b.publicKey(), d.copyBytes()), 1, 33);
            Thread[] threads = new Thread[4];
            boolean[] ok = new boolean[threads.length];
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    boolean all = true;
                    try {
                        for (int i = 0; i < 100; i++) {
                            all &= Arrays.equals(a.sharedSecretX(b.publicKey()), plain);
                        }
                    } catch (InvalidPeerKeyException e) {
                        all = false;
                    }
                    ok[id] = all;
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(ok).containsOnly(true);
        }
    }

    @Test
    void refusesPrivateScalarsOutsideTheGroupOrder() throws Exception {
        byte[] n = Secp256k1.toFixed32(Secp256k1.N);
        for (byte[] bad : new byte[][] {new byte[32], n, filled(0xff), new byte[31]}) {
            try (SecretBytes sk = SecretBytes.copyOf(bad)) {
                assertThatThrownBy(() -> ka.keyPair(sk)).isInstanceOf(InvalidPrivateKeyException.class)
                        .hasMessageContaining("private key");
            }
        }
        byte[] nMinusOne = Secp256k1.toFixed32(Secp256k1.N);
        nMinusOne[31]--;
        try (SecretBytes sk = SecretBytes.copyOf(nMinusOne); EcdhKeyPair pair = ka.keyPair(sk)) {
            assertThat(pair.publicKey()[0]).isEqualTo((byte) 0x04);
        }
    }

    @Test
    void closeWipesTheScalarAndStopsAgreements() throws Exception {
        EcdhKeyPair pair = ka.generateKeyPair();
        byte[] peer = ka.generateKeyPair().publicKey();
        pair.close();
        pair.close();
        assertThatThrownBy(() -> pair.sharedSecretX(peer)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pair::privateKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void generatedKeysAreFreshAndRoundTripThroughTheirScalar() throws Exception {
        try (EcdhKeyPair a = ka.generateKeyPair(); EcdhKeyPair b = ka.generateKeyPair(); SecretBytes d = a.privateKey();
             EcdhKeyPair again = ka.keyPair(d)) {
            assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
            assertThat(again.publicKey()).isEqualTo(a.publicKey());
            ka.validatePublicKey(a.publicKey(), 0);
        }
    }

    static String refusal(EcdhKeyPair pair, byte[] peer) {
        try {
            pair.sharedSecretX(peer);
        } catch (InvalidPeerKeyException e) {
            return e.getMessage();
        }
        throw new AssertionError("point was accepted");
    }

    static byte[] prefixed(byte[] point, int prefix) {
        byte[] p = point.clone();
        p[0] = (byte) prefix;
        return p;
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** HKDF-SHA256 (no salt, info "ecdsa_encryption") and AES-256-GCM on the JDK, independent of every provider. */
    private static String openWithJdk(byte[] shared, byte[] raw) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(shared);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("ecdsa_encryption".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        byte[] key = mac.doFinal();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, raw, 65, 12));
        return new String(c.doFinal(raw, 77, raw.length - 77), StandardCharsets.UTF_8);
    }
}
