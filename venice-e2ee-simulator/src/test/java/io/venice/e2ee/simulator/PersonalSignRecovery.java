package io.venice.e2ee.simulator;

import io.venice.e2ee.crypto.Eip191;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.Arrays;

/** Test-side ecrecover of an EIP-191 personal_sign signature, written from the definition (the hash is the api's). */
final class PersonalSignRecovery {
    private static final X9ECParameters K1 = CustomNamedCurves.getByName("secp256k1");

    private PersonalSignRecovery() {
    }

    /** The address that signed {@code text} with {@code signature} (0x r ‖ s ‖ v, v = 27/28). */
    static EthAddress recover(String text, String signature) {
        byte[] sig = Hex.decode(signature.substring(2));
        if (sig.length != 65) {
            throw new IllegalArgumentException("signature must be 65 bytes");
        }
        int v = sig[64] & 0xff;
        if (v != 27 && v != 28) {
            throw new IllegalArgumentException("v must be 27 or 28, got " + v);
        }
        BigInteger n = K1.getN();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        if (s.compareTo(n.shiftRight(1)) > 0) {
            throw new IllegalArgumentException("high s");
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (v == 27 ? 2 : 3);
        Secp256k1.writeFixed32(r, compressed, 1);
        ECPoint bigR = K1.getCurve().decodePoint(compressed);
        BigInteger e = new BigInteger(1, Eip191.hash(text));
        BigInteger rInv = r.modInverse(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(K1.getG(), n.subtract(e).multiply(rInv).mod(n), bigR, s.multiply(rInv).mod(n));
        return EthAddress.ofPublicKey(q.normalize().getEncoded(false));
    }
}
