package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.SignatureRecovery;

/** ECDSA public-key recovery on libsecp256k1's {@code secp256k1_ecdsa_recover} (public inputs only). */
final class NativeSignatureRecovery implements SignatureRecovery {
    private final fr.acinq.secp256k1.Secp256k1 secp;

    NativeSignatureRecovery(fr.acinq.secp256k1.Secp256k1 secp) {
        this.secp = secp;
    }

    @Override
    public byte[] recoverPublicKey(byte[] hash32, byte[] signature, int recoveryId) throws InvalidSignatureException {
        SignatureRecovery.checkArguments(hash32, signature, recoveryId);
        Secp256k1.checkSignatureScalars(signature);
        try {
            return secp.ecdsaRecover(signature.clone(), hash32.clone(), recoveryId);
        } catch (RuntimeException e) {
            throw new InvalidSignatureException("no public key can be recovered from this signature (recovery id "
                    + recoveryId + " names no point on secp256k1)");
        }
    }
}
