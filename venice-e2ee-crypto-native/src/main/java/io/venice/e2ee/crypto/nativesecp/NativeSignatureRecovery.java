package io.venice.e2ee.crypto.nativesecp;

import fr.acinq.secp256k1.Secp256k1;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.SignatureRecovery;

/** ECDSA public-key recovery on libsecp256k1's {@code secp256k1_ecdsa_recover} (public inputs only). */
final class NativeSignatureRecovery implements SignatureRecovery {
    private final Secp256k1 secp;

    NativeSignatureRecovery(Secp256k1 secp) {
        this.secp = secp;
    }

    @Override
    public byte[] recoverPublicKey(byte[] hash32, byte[] signature, int recoveryId) throws InvalidPeerKeyException {
        SignatureRecovery.checkArguments(hash32, signature, recoveryId);
        byte[] r = java.util.Arrays.copyOfRange(signature, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(signature, 32, 64);
        if (!Scalars.inRange(r) || !Scalars.inRange(s)) {
            throw new InvalidPeerKeyException("signature r or s is not in the range 1..n-1");
        }
        try {
            return secp.ecdsaRecover(signature.clone(), hash32.clone(), recoveryId);
        } catch (RuntimeException e) {
            throw new InvalidPeerKeyException("no public key can be recovered from this signature (recovery id "
                    + recoveryId + " names no point on secp256k1)");
        }
    }
}
