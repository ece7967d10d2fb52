package io.venice.e2ee.envelope;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.SecretBytes;

/** Primitives that fail the test if they are reached: for refusals that must happen before any crypto. */
final class Unreachable {
    static final EcdhKeyAgreement KEY_AGREEMENT = new EcdhKeyAgreement() {
        @Override
        public EcdhKeyPair generateKeyPair() {
            throw new AssertionError("key generation reached");
        }

        @Override
        public EcdhKeyPair keyPair(SecretBytes privateKey) {
            throw new AssertionError("key pair reached");
        }

        @Override
        public byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset) {
            throw new AssertionError("agreement reached");
        }

        @Override
        public void validatePublicKey(byte[] publicKey, int offset) {
            throw new AssertionError("validation reached");
        }
    };

    static final Aead AEAD = new Aead() {
        @Override
        public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                        int outOffset) {
            throw new AssertionError("AES-GCM reached");
        }

        @Override
        public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                        int outOffset) {
            throw new AssertionError("AES-GCM reached");
        }
    };

    private Unreachable() {
    }
}
