package io.venice.e2ee.crypto.nativesecp;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeSignatureRecoveryTest {
    private final SignatureRecovery recovery = new NativeCryptoProvider().signatureRecovery();

    @Test
    void wycheproofValidSignaturesRecoverTheSignerAndInvalidOnesNever() throws Exception {
        JsonNode groups = TestVectors.json("wycheproof/ecdsa_secp256k1_sha256_p1363_test.json").get("testGroups");
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : groups) {
            byte[] key = Hex.decode(group.get("publicKey").get("uncompressed").asText());
            for (JsonNode t : group.get("tests")) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Hex.decode(t.get("msg").asText()));
                byte[] sig = Hex.decode(t.get("sig").asText());
                boolean recovered = false;
                for (int v = 0; v < 4 && sig.length == 64; v++) {
                    try {
                        recovered |= Arrays.equals(recovery.recoverPublicKey(hash, sig, v), key);
                    } catch (InvalidPeerKeyException e) {
                        // this recovery id names no point; another may
                    }
                }
                if (t.get("result").asText().equals("valid")) {
                    assertThat(recovered).as("tcId %s", t.get("tcId")).isTrue();
                    valid++;
                } else {
                    assertThat(recovered).as("tcId %s", t.get("tcId")).isFalse();
                    invalid++;
                }
            }
        }
        assertThat(valid).isGreaterThan(100);
        assertThat(invalid).isGreaterThan(50);
    }

    @Test
    void recoversWhatTheLibrarySignedWithTheMatchingRecoveryIdOnly() throws Exception {
        var secp = fr.acinq.secp256k1.Secp256k1.get();
        byte[] d = Hex.decode("96f087c8638022b847350b1d6ac00773b480fd83730a67daf0257f6191beec14");
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] sig = secp.sign(hash, d);
        byte[] pub = secp.pubkeyCreate(d);
        byte[] k0 = recovery.recoverPublicKey(hash, sig, 0);
        byte[] k1 = recovery.recoverPublicKey(hash, sig, 1);
        assertThat(Arrays.equals(k0, pub) ^ Arrays.equals(k1, pub)).isTrue();
    }

    @Test
    void refusesMalformedSignaturesWithATypedError() {
        byte[] hash = new byte[32];
        byte[] zero = new byte[64];
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, zero, 0)).isInstanceOf(InvalidPeerKeyException.class)
                .hasMessageContaining("range");
        byte[] rIsN = new byte[64];
        System.arraycopy(Scalars.ORDER, 0, rIsN, 0, 32);
        rIsN[63] = 1;
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, rIsN, 0)).isInstanceOf(InvalidPeerKeyException.class);
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, new byte[65], 0))
                .isInstanceOf(InvalidPeerKeyException.class).hasMessageContaining("64 bytes");
        byte[] ok = new byte[64];
        ok[31] = 1;
        ok[63] = 1;
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, ok, 4))
                .isInstanceOf(InvalidPeerKeyException.class).hasMessageContaining("recovery id");
        assertThatThrownBy(() -> recovery.recoverPublicKey(new byte[31], ok, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
