package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.SignatureRecovery;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeSignatureRecoveryTest {
    private final SignatureRecovery recovery = new NativeCryptoProvider().signatureRecovery();

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
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, zero, 0)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("range");
        byte[] rIsN = new byte[64];
        System.arraycopy(Secp256k1.toFixed32(Secp256k1.N), 0, rIsN, 0, 32);
        rIsN[63] = 1;
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, rIsN, 0)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, new byte[65], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
        byte[] ok = new byte[64];
        ok[31] = 1;
        ok[63] = 1;
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, ok, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recovery id");
        assertThatThrownBy(() -> recovery.recoverPublicKey(new byte[31], ok, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
