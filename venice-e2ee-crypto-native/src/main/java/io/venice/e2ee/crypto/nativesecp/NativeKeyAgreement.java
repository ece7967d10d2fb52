package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * secp256k1 ECDH on libsecp256k1, returning the raw X coordinate of d·P.
 *
 * <p>Why not the library's {@code secp256k1_ecdh}: the binding returns SHA-256 of the compressed point, not X, and
 * the protocol needs X. The point comes from {@code pubKeyTweakMul} instead, which runs libsecp256k1's
 * variable-time multiply (its running time depends on the scalar). So the session key d is never its scalar:
 * each agreement takes a fresh random r (1 ≤ r &lt; n) and computes P' = P·r, then P'·(d·r⁻¹ mod n) = P·d. Each
 * multiply sees a scalar that is uniformly random and independent of d, so the timings of any number of
 * agreements are independent of d. This is blinding, not constant time
 * ({@link io.venice.e2ee.spi.TimingGuarantee#BLINDED_VARIABLE_TIME}): a single trace fine enough to read the digits
 * of both multiplies of one agreement (cache or power, not wall-clock) can leak r and d·r⁻¹, and so d. The cost is
 * a second multiply; the bench measures it against the unprotected single multiply. Key generation uses
 * {@code pubkeyCreate}, libsecp256k1's constant-time fixed-base multiply. On JDK 22+ the provider prefers
 * {@code FfmKeyAgreement}, which calls the library's constant-time {@code secp256k1_ecdh} instead.
 */
final class NativeKeyAgreement implements EcdhKeyAgreement {
    private final fr.acinq.secp256k1.Secp256k1 secp;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<BlindingFactors> blinding;

    NativeKeyAgreement(fr.acinq.secp256k1.Secp256k1 secp) {
        this.secp = secp;
        this.blinding = ThreadLocal.withInitial(() -> new BlindingFactors(secp, new SecureRandom()));
    }

    @Override
    public EcdhKeyPair generateKeyPair() {
        return new Pair(randomScalar());
    }

    /** A single-use scalar, multiplied once: one plain multiply (see {@link EcdhKeyAgreement#ephemeralAgreement}). */
    @Override
    public byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset)
            throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(peer, peerOffset);
        byte[] point = Arrays.copyOfRange(peer, peerOffset, peerOffset + PUBLIC_KEY_LENGTH);
        byte[] e = randomScalar();
        byte[] shared = null;
        try {
            try {
                shared = secp.pubKeyTweakMul(point, e);
            } catch (RuntimeException ex) {
                throw disagrees();
            }
            System.arraycopy(shared, 1, out, outOffset, SHARED_SECRET_LENGTH);
            return secp.pubkeyCreate(e);
        } finally {
            Arrays.fill(e, (byte) 0);
            if (shared != null) {
                Arrays.fill(shared, (byte) 0);
            }
        }
    }

    private byte[] randomScalar() {
        byte[] d = new byte[PRIVATE_KEY_LENGTH];
        Secp256k1.randomScalar(random, d);
        return d;
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        return new Pair(Secp256k1.privateKey(privateKey));
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(publicKey, offset);
    }

    /** libsecp256k1 refused a point that passed {@link Secp256k1#validatePublicKey}: the engine is broken, not the input. */
    private static IllegalStateException disagrees() {
        return new IllegalStateException("libsecp256k1 refused a public key that passed secp256k1 validation");
    }

    /** A key pair holding the scalar as bytes, so {@link #close()} can wipe it. */
    private final class Pair implements EcdhKeyPair {
        private final byte[] d;
        private final byte[] publicKey;
        private volatile boolean closed;

        Pair(byte[] d) {
            this.d = d;
            this.publicKey = secp.pubkeyCreate(d);
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public SecretBytes privateKey() {
            checkOpen();
            return SecretBytes.copyOf(d);
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            Secp256k1.validatePublicKey(peer, peerOffset);
            checkOpen();
            byte[] point = Arrays.copyOfRange(peer, peerOffset, peerOffset + PUBLIC_KEY_LENGTH);
            byte[] r = new byte[32];
            byte[] blindedScalar = new byte[32];
            byte[] shared = null;
            try {
                blinding.get().next(r, blindedScalar);
                byte[] blindedPoint;
                try {
                    // the point was validated above; the library parses it again and multiplies by r
                    blindedPoint = secp.pubKeyTweakMul(point, r);
                } catch (RuntimeException e) {
                    throw disagrees();
                }
                try {
                    // r⁻¹ becomes d·r⁻¹ in place (the binding writes the product over its first argument)
                    blindedScalar = secp.privKeyTweakMul(blindedScalar, d);
                    shared = secp.pubKeyTweakMul(blindedPoint, blindedScalar);
                } catch (RuntimeException e) {
                    // only a scalar zero-filled by a concurrent close() makes these steps fail
                    checkOpen();
                    throw new IllegalStateException("libsecp256k1 refused a blinded multiply");
                }
                System.arraycopy(shared, 1, out, outOffset, SHARED_SECRET_LENGTH);
            } finally {
                Arrays.fill(r, (byte) 0);
                Arrays.fill(blindedScalar, (byte) 0);
                if (shared != null) {
                    Arrays.fill(shared, (byte) 0);
                }
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("key pair was closed");
            }
        }

        @Override
        public void close() {
            closed = true;
            Arrays.fill(d, (byte) 0);
        }

        @Override
        public String toString() {
            return "NativeEcdhKeyPair[private key hidden]";
        }
    }
}
