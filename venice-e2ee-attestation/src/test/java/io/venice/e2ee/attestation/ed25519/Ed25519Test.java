package io.venice.e2ee.attestation.ed25519;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Ed25519 verification on RFC 8032's vectors and the ACI specification's signatures; every forgery refused. */
class Ed25519Test {
    private static final byte[] RFC_PUB = Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] RFC_SIG = Hex.decode("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    private static JsonNode vectors() {
        return TestVectors.json("aci/vectors/aci_vectors_published.json");
    }

    @Test
    void rfc8032Vectors() {
        assertThat(Ed25519.verify(RFC_PUB, new byte[0], RFC_SIG)).isTrue();
        assertThat(Ed25519.verify(Hex.decode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"),
                new byte[]{0x72}, Hex.decode("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                        + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"))).isTrue();
    }

    @Test
    void theAciSpecificationsSignatures() {
        JsonNode cur = vectors().path("current_form_2026-08");
        assertThat(Ed25519.verify(Hex.decode(cur.path("keys").path("receipt-1_pub").textValue()),
                utf8(cur.path("receipt_signing_input").textValue()),
                Hex.decode(cur.path("receipt_signature_ed25519").textValue()))).isTrue();
        JsonNode old = vectors().path("earlier_form_pre_2026-08-03");
        byte[] identity = Hex.decode(old.path("identity_pub").textValue());
        assertThat(Ed25519.verify(identity, utf8(old.path("endorsement_payload").textValue()),
                Hex.decode(old.path("endorsement_ed25519").textValue()))).isTrue();
        assertThat(Ed25519.verify(identity, utf8(old.path("revocation_payload").textValue()),
                Hex.decode(old.path("revocation_ed25519").textValue()))).isTrue();
        // the endorsement does not verify as a revocation
        assertThat(Ed25519.verify(identity, utf8(old.path("revocation_payload").textValue()),
                Hex.decode(old.path("endorsement_ed25519").textValue()))).isFalse();
    }

    @Test
    void everyFlippedBitIsRefused() {
        for (int bit = 0; bit < 8 * RFC_SIG.length; bit++) {
            byte[] sig = RFC_SIG.clone();
            sig[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519.verify(RFC_PUB, new byte[0], sig)).as("signature bit %d", bit).isFalse();
        }
        for (int bit = 0; bit < 8 * RFC_PUB.length; bit++) {
            byte[] pub = RFC_PUB.clone();
            pub[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519.verify(pub, new byte[0], RFC_SIG)).as("key bit %d", bit).isFalse();
        }
        assertThat(Ed25519.verify(RFC_PUB, new byte[]{0}, RFC_SIG)).isFalse();
    }

    @Test
    void wrongLengthsAreRefusedWithoutThrowing() {
        assertThat(Ed25519.verify(new byte[31], new byte[0], RFC_SIG)).isFalse();
        assertThat(Ed25519.verify(RFC_PUB, new byte[0], new byte[63])).isFalse();
        assertThat(Ed25519.verify(null, new byte[0], RFC_SIG)).isFalse();
        assertThat(Ed25519.verify(RFC_PUB, new byte[0], null)).isFalse();
    }

    @Test
    void aSignatureWithSAboveTheGroupOrderIsRefused() {
        // S + L: the same point equation holds, RFC 8032 §5.1.7 requires S < L
        byte[] sig = RFC_SIG.clone();
        java.math.BigInteger l = java.math.BigInteger.TWO.pow(252)
                .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] sLe = java.util.Arrays.copyOfRange(sig, 32, 64);
        java.math.BigInteger s = new java.math.BigInteger(1, reverse(sLe)).add(l);
        byte[] sBe = s.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < sBe.length; i++) {
            out[i] = sBe[sBe.length - 1 - i];
        }
        System.arraycopy(out, 0, sig, 32, 32);
        assertThat(Ed25519.verify(RFC_PUB, new byte[0], sig)).isFalse();
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
